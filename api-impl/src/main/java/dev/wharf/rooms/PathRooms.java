package dev.wharf.rooms;

import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;

/** Reads {@link RoomKey} (or its user property) to find the room a session joins when it opens. */
final class PathRooms {

    private static final ClassValue<String> ANNOTATED = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            RoomKey key = type.getAnnotation(RoomKey.class);
            return key == null ? null : key.value();
        }
    };

    private PathRooms() {
    }

    /** The room {@code session} is to join, or null when its endpoint declares none (or the parameter is absent). */
    static String roomOf(Session session, EndpointConfig config) {
        String key = keyOf(config);
        if (key == null) {
            return null;
        }
        if (key.isEmpty()) {
            URI uri = session.getRequestURI();
            return uri == null ? null : uri.getPath();
        }
        return session.getPathParameters().get(key);
    }

    static String keyOf(EndpointConfig config) {
        if (config == null) {
            return null;
        }
        if (config.getUserProperties().get(RoomKey.PROPERTY) instanceof String name) {
            return name;
        }
        return config instanceof ServerEndpointConfig server ? ANNOTATED.get(server.getEndpointClass()) : null;
    }
}
