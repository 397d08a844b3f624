package dev.wharf.servlet.hosts;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-signed certificate every host's TLS connector serves, for {@code 127.0.0.1} and {@code localhost}.
 *
 * <p>Made once per test JVM by the JDK's {@code keytool} (Java 17 has no public API to sign a certificate) and kept
 * in memory; the key store file is deleted as soon as it is read. One key pair for all hosts keeps host start-up
 * cheap: the cost is one {@code keytool} run, not one per host.
 */
final class HostCertificate {

    static final String ALIAS = "wharf-host";
    static final String PASSWORD = "wharf-test";

    private static HostCertificate shared;

    /** A PKCS12 store holding the key and its certificate under {@link #ALIAS}, protected by {@link #PASSWORD}. */
    final KeyStore keyStore;
    /** Serves the certificate. */
    final SSLContext serverContext;
    /** Trusts this certificate only. */
    final SSLContext clientContext;

    private HostCertificate(KeyStore keyStore) throws Exception {
        this.keyStore = keyStore;
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD.toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trusted.getTrustManagers(), null);
    }

    /** The certificate of this JVM's hosts, made on first use. */
    static synchronized HostCertificate shared() throws Exception {
        if (shared == null) {
            shared = new HostCertificate(generate());
        }
        return shared;
    }

    private static KeyStore generate() throws Exception {
        Path dir = Files.createTempDirectory("wharf-host-certificate");
        Path file = dir.resolve("host.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            // EC keys: generated in milliseconds, where RSA-2048 takes noticeably longer.
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=wharf-test-host",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD.toCharArray());
            }
            return store;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
