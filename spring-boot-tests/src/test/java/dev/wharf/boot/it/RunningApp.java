package dev.wharf.boot.it;

import dev.wharf.boot.it.app.BootApp;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@link BootApp} started as a user would, on a free loopback port. Started by hand rather than through
 * {@code @SpringBootTest} so that one source serves Boot 3.5 and 4.0, whose test annotations live in different
 * packages.
 */
final class RunningApp implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final int port;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    static RunningApp start() {
        return new RunningApp(application().run());
    }

    static SpringApplication application() {
        SpringApplication app = new SpringApplication(BootApp.class);
        app.setDefaultProperties(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                "logging.level.root", "WARN",
                "logging.level.dev.wharf", "INFO",
                // Wharf's settings are servlet-context init parameters; Boot sets them before its initializers run.
                "server.servlet.context-parameters[dev.wharf.maxTextMessageBufferSize]", "12345"));
        return app;
    }

    /** The simple name of Boot's {@code WebServer}: TomcatWebServer, JettyWebServer, UndertowServletWebServer. */
    String webServer() throws ReflectiveOperationException {
        // ServletWebServerApplicationContext moved package in Boot 4; its getWebServer() did not change.
        Object server = context.getClass().getMethod("getWebServer").invoke(context);
        return server.getClass().getSimpleName();
    }

    Object servletContextAttribute(String name) {
        return ((WebApplicationContext) context).getServletContext().getAttribute(name);
    }

    String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        context.close();
    }
}
