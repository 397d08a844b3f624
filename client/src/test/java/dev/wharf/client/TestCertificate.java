package dev.wharf.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate and its key, made by the JDK's {@code keytool} in {@code target/test-certificates}, with
 * the subject alternative name given (e.g. {@code ip:127.0.0.1} or {@code dns:other.example}).
 */
record TestCertificate(Path keyStore, String password) {

    static final String ALIAS = "server";

    static TestCertificate create(String name, String subjectAlternativeName) throws Exception {
        Path dir = Path.of("target", "test-certificates");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".p12");
        Files.deleteIfExists(file);
        String password = "wharf-test";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + name,
                "-ext", "SAN=" + subjectAlternativeName, "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new TestCertificate(file.toAbsolutePath(), password);
    }

    /** A TLS context that trusts this certificate only. */
    SSLContext trustingContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
