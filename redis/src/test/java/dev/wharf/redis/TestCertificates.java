package dev.wharf.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate for 127.0.0.1 made at test time with openssl, in a directory of
 * the test's own: nothing secret is kept in the repository. Without openssl the test is skipped, except on CI
 * ({@code CI=true}), where {@code .ci/run} installs it.
 */
record TestCertificates(Path ca, Path serverCertificate, Path serverKey) {

    static TestCertificates make(Path dir) throws IOException, InterruptedException {
        boolean haveOpenssl = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (!haveOpenssl) {
            assumeTrue("true".equals(System.getenv("CI")), "openssl is not installed");
            throw new IllegalStateException("openssl is not installed; .ci/run installs it");
        }
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path ext = dir.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n", StandardCharsets.US_ASCII);
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(),
                "-out", ca.toString(), "-days", "1", "-subj", "/CN=wharf-test-ca");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=localhost");
        run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "1", "-extfile", ext.toString());
        return new TestCertificates(ca, cert, key);
    }

    /** redis-server options serving TLS only, on the fixture's port, without asking clients for certificates. */
    List<String> tlsOnlyServerArgs() {
        return List.of("--port", "0", "--tls-port", "{port}", "--tls-cert-file", serverCertificate.toString(),
                "--tls-key-file", serverKey.toString(), "--tls-ca-cert-file", ca.toString(),
                "--tls-auth-clients", "no");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
