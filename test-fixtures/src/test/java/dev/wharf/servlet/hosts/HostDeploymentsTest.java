package dev.wharf.servlet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One listening host, many applications: what the Arquillian container of the conformance suites needs (deploy and
 * undeploy per archive, a failed application answering 404, applications made from web archives).
 */
class HostDeploymentsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static List<Host> hosts() {
        return Host.all();
    }

    /** The hosts that deploy web archives. */
    static List<Host> archiveHosts() {
        return List.of(Host.named("jetty"), Host.named("tomcat"));
    }

    /** Answers {@code name} at {@code /who}. */
    private static WebApp app(String contextPath, String name, ServletContextListener... listeners) {
        WebApp.Builder app = WebApp.at(contextPath).servlet("who", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print(name);
            }
        }, "/who");
        for (ServletContextListener listener : listeners) {
            app.listener(listener);
        }
        return app.build();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Host host, String contextPath, String path) {
        return URI.create("http://" + host.address() + ":" + host.port() + contextPath + path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void applicationsComeAndGoOnOneServer(Host host) throws Exception {
        CountDownLatch destroyed = new CountDownLatch(1);
        ServletContextListener onDestroy = new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                destroyed.countDown();
            }
        };
        try (host) {
            host.listen("127.0.0.1", 0);
            host.deploy(app("/one", "one", onDestroy));
            host.deploy(app("/two", "two"));
            assertEquals("/one", host.contextPath(), "the first application's");
            assertEquals("one", get(uri(host, "/one", "/who")).body());
            assertEquals("two", get(uri(host, "/two", "/who")).body());
            assertThrows(IllegalStateException.class, () -> host.deploy(app("/two", "again")));

            host.undeploy("/one");
            assertTrue(destroyed.await(10, TimeUnit.SECONDS), "contextDestroyed ran");
            assertEquals(404, get(uri(host, "/one", "/who")).statusCode());
            assertEquals("two", get(uri(host, "/two", "/who")).body());
            host.undeploy("/one"); // nothing deployed there: no-op

            host.deploy(app("/one", "one again"));
            assertEquals("one again", get(uri(host, "/one", "/who")).body());
        }
    }

    /** Fails start-up, as an application with an invalid endpoint does. */
    static final class FailingInitializer implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext ctx) throws ServletException {
            throw new ServletException("refused on purpose");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void anApplicationThatFailsToStartIsTakenOffAndAnswers404(Host host) throws Exception {
        try (host) {
            host.listen("127.0.0.1", 0);
            host.deploy(app("/good", "good"));
            WebApp failing = WebApp.at("/bad").initializer(new FailingInitializer())
                    .servlet("who", new HttpServlet() {}, "/who").build();
            Exception failure = assertThrows(Exception.class, () -> host.deploy(failing));
            assertTrue(causes(failure).contains("refused on purpose"), causes(failure));
            assertEquals(404, get(uri(host, "/bad", "/who")).statusCode());
            assertEquals("good", get(uri(host, "/good", "/who")).body());
            // The path is free again.
            host.deploy(app("/bad", "fixed"));
            assertEquals("fixed", get(uri(host, "/bad", "/who")).body());
        }
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" / ");
            for (Throwable s : c.getSuppressed()) {
                all.append(causes(s));
            }
        }
        return all.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void startFailsAndStopsWhenTheApplicationFails(Host host) throws Exception {
        WebApp failing = WebApp.at("/bad").initializer(new FailingInitializer()).build();
        assertThrows(Exception.class, () -> host.start(failing));
        host.stop(); // already stopped by start: a no-op
    }

    @Test
    void unknownHostNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Host.named("glassfish"));
    }

    /**
     * What an archive's classes may be; only those inside the archive are handed over. Public: on Tomcat the
     * archive's copy of {@link InArchive} is loaded by the application's class loader, this interface by the parent.
     */
    public interface Marker {}

    public static final class InArchive implements Marker {}

    public static final class OnClassPathOnly implements Marker {}

    /** Reports the classes it was handed and an init parameter from the archive's {@code web.xml}. */
    @HandlesTypes(Marker.class)
    static final class ReportingInitializer implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
            String seen = classes.stream().map(Class::getName).map(n -> n.substring(n.lastIndexOf('$') + 1))
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            ctx.addServlet("report", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print(seen + " " + ctx.getInitParameter("greeting"));
                }
            }).addMapping("/report");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archiveHosts")
    void deploysAnExplodedWebArchive(Host host, @TempDir Path war) throws Exception {
        Path classes = Files.createDirectories(war.resolve("WEB-INF/classes"));
        String file = InArchive.class.getName().replace('.', '/') + ".class";
        try (InputStream in = HostDeploymentsTest.class.getClassLoader().getResourceAsStream(file)) {
            Path target = classes.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        }
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param>
                    <param-name>greeting</param-name>
                    <param-value>from web.xml</param-value>
                  </context-param>
                </web-app>
                """, StandardCharsets.UTF_8);
        try (host) {
            host.listen("127.0.0.1", 0);
            host.deploy(WebApp.at("/war").archive(war).initializer(new ReportingInitializer()).build());
            HttpResponse<String> report = get(uri(host, "/war", "/report"));
            assertEquals(200, report.statusCode());
            // servlet 8.2.4: @HandlesTypes sees the archive's classes, not the rest of the class path
            assertEquals("[InArchive] from web.xml", report.body());
            assertEquals(404, get(uri(host, "/war", "/nowhere")).statusCode());
            host.undeploy("/war");
            assertEquals(404, get(uri(host, "/war", "/report")).statusCode());
        }
    }

    @Test
    void undertowDeploysNoArchives(@TempDir Path war) throws Exception {
        try (Host host = Host.named("undertow")) {
            host.listen("127.0.0.1", 0);
            WebApp archive = WebApp.at("/war").archive(war).build();
            assertThrows(UnsupportedOperationException.class, () -> host.deploy(archive));
        }
    }
}
