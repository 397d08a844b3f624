package dev.wharf.tck.hosts;

import dev.wharf.servlet.WharfInitializer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** Embedded Tomcat 11, {@code tomcat-embed-core} only (no {@code tomcat-embed-websocket}). */
final class TomcatHost implements EmbeddedHost {

    private Tomcat tomcat;
    private Path baseDir;
    private String contextPath;

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public EmbeddedHost start(String contextPath, Set<Class<?>> endpoints, Map<String, String> initParams)
            throws Exception {
        this.contextPath = contextPath;
        baseDir = Files.createTempDirectory("wharf-tck-tomcat");
        tomcat = new Tomcat();
        tomcat.setSilent(true);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext(contextPath, Files.createDirectories(baseDir.resolve("webapp")).toString());
        context.setJarScanner(noScanning());
        initParams.forEach(context::addParameter);
        Wrapper notFound = Tomcat.addServlet(context, "not-found", new NotFoundServlet());
        notFound.setAsyncSupported(true);
        context.addServletMappingDecoded("/", "not-found");
        context.addServletContainerInitializer(new WharfInitializer(), Set.copyOf(endpoints));
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            stop();
            throw new IllegalStateException("the application failed to start on tomcat: " + context.getState());
        }
        return this;
    }

    /** The initializer is handed its classes; nothing on the class path needs scanning. */
    static StandardJarScanner noScanning() {
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        scanner.setScanAllFiles(false);
        scanner.setScanAllDirectories(false);
        scanner.setScanBootstrapClassPath(false);
        return scanner;
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + contextPath + path);
    }

    @Override
    public void stop() throws Exception {
        if (tomcat == null) {
            return;
        }
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            tomcat = null;
            deleteRecursively(baseDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
