package dev.wharf.servlet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.WharfInitializer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The host upgrade is chosen once at start-up and said in one INFO line: Tomcat's internal upgrade by default on
 * Tomcat, Undertow's exchange upgrade on Undertow, the servlet upgrade where {@code dev.wharf.transport=servlet}
 * asks for it or where Wharf has no native one.
 */
class TransportChoiceTest {

    private static final String CHOOSER = "dev.wharf.servlet.HostUpgrades";

    @ServerEndpoint("/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    private static WebApp app(String transport) {
        WebApp.Builder app = WebApp.at("/choice").initializer(new WharfInitializer(), Echo.class);
        if (transport != null) {
            app.initParam("dev.wharf.transport", transport);
        }
        return app.build();
    }

    @Test
    @DisplayName("Tomcat: the native upgrade by default, the servlet upgrade when dev.wharf.transport=servlet")
    void tomcatChoosesNativeUnlessTold() throws Exception {
        assertEquals(1, startupLines(TomcatHost::new, null, "Tomcat's internal upgrade (native socket I/O)").size());
        List<String> forced = startupLines(TomcatHost::new, "servlet", "servlet upgrade");
        assertEquals(1, forced.size(), forced.toString());
        assertTrue(forced.get(0).contains("dev.wharf.transport=servlet"), forced.get(0));
    }

    @Test
    @DisplayName("Undertow: the native exchange upgrade by default, the servlet upgrade when dev.wharf.transport=servlet")
    void undertowChoosesNativeUnlessTold() throws Exception {
        assertEquals(1, startupLines(UndertowHost::new, null, "Undertow's exchange upgrade (native XNIO channel I/O)")
                .size());
        List<String> forced = startupLines(UndertowHost::servletTransport, "servlet", "servlet upgrade");
        assertEquals(1, forced.size(), forced.toString());
        assertTrue(forced.get(0).contains("dev.wharf.transport=servlet"), forced.get(0));
    }

    @Test
    @DisplayName("an unknown dev.wharf.transport fails the start instead of being ignored")
    void unknownTransportFailsStartup() {
        assertThrows(Exception.class, () -> {
            try (Host host = new TomcatHost().start(app("fast"))) {
                host.port();
            }
        });
    }

    /** Starts and stops a host; returns the chooser's INFO lines that contain {@code marker}, as logged. */
    private static List<String> startupLines(Supplier<Host> hosts, String transport, String marker) throws Exception {
        Logger logger = Logger.getLogger(CHOOSER);
        Level level = logger.getLevel();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = new java.util.logging.SimpleFormatter().formatMessage(record);
                if (record.getLevel() == Level.INFO && text.contains(marker)) {
                    lines.add(text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
        try (Host host = hosts.get().start(app(transport))) {
            host.port();
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(level);
        }
        return lines;
    }
}
