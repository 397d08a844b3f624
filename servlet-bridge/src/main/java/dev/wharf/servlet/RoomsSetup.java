package dev.wharf.servlet;

import dev.wharf.rooms.AttachmentStore;
import dev.wharf.rooms.Attachments;
import dev.wharf.rooms.KeepAlive;
import dev.wharf.rooms.RoomBroker;
import dev.wharf.rooms.RoomBrokerProvider;
import dev.wharf.rooms.Rooms;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The rooms API's init parameters: the broker ({@code dev.wharf.rooms.broker}, a {@link RoomBrokerProvider} found
 * with {@link ServiceLoader}), the durable attachment store (the provider's, else {@code dev.wharf.attachments.dir}),
 * and the container's keep-alive ({@code dev.wharf.pingInterval}, {@code dev.wharf.pongTimeout}, in ms).
 */
final class RoomsSetup {

    private RoomsSetup() {
    }

    static void apply(ServletContext context, WebSocketContainer container) throws ServletException {
        try {
            String brokerName = trimmed(context.getInitParameter(InitParameters.ROOMS_BROKER));
            AttachmentStore store = null;
            if (brokerName != null) {
                RoomBrokerProvider provider = provider(brokerName, context.getClassLoader());
                RoomBroker broker = provider.create(context::getInitParameter);
                Rooms.of(container).useBroker(broker);
                store = provider.attachmentStore(context::getInitParameter);
            }
            String dir = trimmed(context.getInitParameter(InitParameters.ATTACHMENTS_DIR));
            if (store == null && dir != null) {
                Attachments.of(container).useDirectory(Path.of(dir));
            } else if (store != null) {
                Attachments.of(container).useStore(store);
            }
            String interval = trimmed(context.getInitParameter(InitParameters.PING_INTERVAL));
            if (interval != null) {
                long intervalMs = millis(InitParameters.PING_INTERVAL, interval);
                String timeout = trimmed(context.getInitParameter(InitParameters.PONG_TIMEOUT));
                long timeoutMs = timeout == null ? intervalMs : millis(InitParameters.PONG_TIMEOUT, timeout);
                KeepAlive.setDefault(container, Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs));
            }
        } catch (IOException | RuntimeException e) {
            throw new ServletException("Wharf: " + e.getMessage(), e);
        }
    }

    /** The container stopped: the broker's connections and threads end, the attachment store closes. */
    static void stop(ServletContext context, WebSocketContainer container) {
        if (trimmed(context.getInitParameter(InitParameters.ROOMS_BROKER)) != null) {
            Rooms.of(container).closeBroker();
        }
        try {
            Attachments.of(container).useStore(null);
        } catch (IOException e) {
            System.getLogger(RoomsSetup.class.getName()).log(System.Logger.Level.WARNING,
                    "attachment store not closed cleanly: {0}", e);
        }
    }

    private static RoomBrokerProvider provider(String name, ClassLoader loader) {
        List<String> found = new ArrayList<>();
        for (RoomBrokerProvider p : ServiceLoader.load(RoomBrokerProvider.class, loader)) {
            if (p.name().equals(name)) {
                return p;
            }
            found.add(p.name());
        }
        throw new IllegalArgumentException(InitParameters.ROOMS_BROKER + "=" + name + ": no such RoomBrokerProvider"
                + " on the class path (found: " + (found.isEmpty() ? "none" : String.join(", ", found)) + ")");
    }

    private static long millis(String name, String value) {
        try {
            long ms = Long.parseLong(value);
            if (ms < 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds (0 or more), not " + value);
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
