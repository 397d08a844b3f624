package dev.wharf.servlet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The harness itself: every host deploys an app through its initializer and serves it on a non-root context. */
class HostHarnessTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static List<Host> hosts() {
        return Host.all();
    }

    /** Marker types handed to the initializer, as @HandlesTypes would have found them. */
    static final class Alpha {}

    static final class Beta {}

    /** Registers one servlet that reports what the initializer saw. */
    static final class HelloInitializer implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
            String seen = classes.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new))
                    .toString();
            ctx.addServlet("hello", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.setContentType("text/plain;charset=utf-8");
                    resp.getWriter().print("hello " + seen + " " + req.getContextPath() + " "
                            + ctx.getInitParameter("greeting") + " " + req.getAttribute("filtered"));
                }
            }).addMapping("/hello");
        }
    }

    private static WebApp.Builder helloApp() {
        return WebApp.at("/app").initializer(new HelloInitializer(), Alpha.class, Beta.class);
    }

    /** An HTTP/1.1 client trusting the host's certificate. */
    private static HttpClient https(Host host) {
        return HttpClient.newBuilder().sslContext(host.clientTls()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(URI uri, String... headers) throws Exception {
        return get(HTTP, uri, headers);
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void initializerRegistersServletOnNonRootContext(Host host) throws Exception {
        Filter marker = (req, resp, chain) -> {
            req.setAttribute("filtered", "yes");
            chain.doFilter(req, resp);
        };
        try (host) {
            host.start(helloApp().initParam("greeting", "hi").filter("marker", marker, "/*").build());
            assertEquals("/app", host.contextPath());
            assertTrue(host.port() > 0);

            HttpResponse<String> hello = get(host.httpUri("/hello"));
            assertEquals(200, hello.statusCode());
            assertEquals("hello [Alpha, Beta] /app hi yes", hello.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void unknownPathIsNotFound(Host host) throws Exception {
        try (host) {
            host.start(helloApp().build());
            assertEquals(404, get(host.httpUri("/nowhere")).statusCode());
            assertEquals(404, get(host.httpUri("/")).statusCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void wsUriPointsIntoTheContext(Host host) throws Exception {
        try (host) {
            host.start(helloApp().build());
            assertEquals(URI.create("ws://127.0.0.1:" + host.port() + "/app/echo"), host.wsUri("/echo"));
            assertEquals(URI.create("http://127.0.0.1:" + host.port() + "/app/echo"), host.httpUri("/echo"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void httpsServesTheAppOnTheTlsPortWithTheTrustedCertificate(Host host) throws Exception {
        HttpServlet scheme = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print(req.getScheme() + " " + req.isSecure());
            }
        };
        try (host) {
            host.start(helloApp().servlet("scheme", scheme, "/scheme").build());
            assertTrue(host.tlsPort() > 0 && host.tlsPort() != host.port(), "tls port " + host.tlsPort());
            assertEquals(URI.create("wss://127.0.0.1:" + host.tlsPort() + "/app/echo"), host.wssUri("/echo"));
            assertEquals(URI.create("https://127.0.0.1:" + host.tlsPort() + "/app/echo"), host.httpsUri("/echo"));

            HttpResponse<String> secure = get(https(host), host.httpsUri("/scheme"));
            assertEquals(200, secure.statusCode());
            assertEquals("https true", secure.body());
            assertEquals("http false", get(host.httpUri("/scheme")).body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void confidentialRedirectsPlainHttpToTheTlsPort(Host host) throws Exception {
        try (host) {
            host.start(helloApp().requireConfidential("/hello").build());
            HttpResponse<String> plain = get(host.httpUri("/hello"));
            assertEquals(302, plain.statusCode(), plain.body());
            URI location = URI.create(plain.headers().firstValue("Location").orElseThrow());
            assertEquals("https", location.getScheme());
            assertEquals(host.tlsPort(), location.getPort());
            assertEquals("/app/hello", location.getPath());
            assertEquals(200, get(https(host), location).statusCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void rootContextWorks(Host host) throws Exception {
        try (host) {
            host.start(WebApp.at("").initializer(new HelloInitializer()).build());
            assertEquals("", host.contextPath());
            HttpResponse<String> hello = get(host.httpUri("/hello"));
            assertEquals(200, hello.statusCode());
            assertTrue(hello.body().startsWith("hello [] "), hello.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void stopRunsContextDestroyedListeners(Host host) throws Exception {
        CountDownLatch initialized = new CountDownLatch(1);
        CountDownLatch destroyed = new CountDownLatch(1);
        ServletContextListener listener = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent sce) {
                initialized.countDown();
            }

            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                destroyed.countDown();
            }
        };
        host.start(helloApp().listener(listener).build());
        assertTrue(initialized.await(5, TimeUnit.SECONDS), "contextInitialized");
        host.stop();
        assertTrue(destroyed.await(5, TimeUnit.SECONDS), "contextDestroyed");
        host.stop(); // idempotent
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void basicAuthProtectsPaths(Host host) throws Exception {
        try (host) {
            host.start(helloApp().user("alice", "secret", "user").protect("/hello", "user").build());
            HttpResponse<String> anonymous = get(host.httpUri("/hello"));
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

            String wrong = Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, get(host.httpUri("/hello"), "Authorization", "Basic " + wrong).statusCode());

            String right = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, get(host.httpUri("/hello"), "Authorization", "Basic " + right).statusCode());
        }
    }
}
