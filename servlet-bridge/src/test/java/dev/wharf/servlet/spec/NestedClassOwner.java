package dev.wharf.servlet.spec;

import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The outer class of nested endpoints that {@link NestedWithoutOuterSpecTest} deploys without it, the way the
 * official TCK packages {@code WSClientIT$TCKBasicEndpoint1} into a WAR without {@code WSClientIT}.
 */
public class NestedClassOwner {

    /** Deployed from a loader that cannot load {@link NestedClassOwner} at all. */
    @ServerEndpoint("/alone/missing-outer")
    public static class MissingOuter {
        @OnMessage
        public String echo(String text) {
            return "missing-outer " + text;
        }
    }

    /** Deployed from a loader whose {@link NestedClassOwner} is the parent loader's: the two disagree. */
    @ServerEndpoint("/alone/foreign-outer")
    public static class ForeignOuter {
        @OnMessage
        public String echo(String text) {
            return "foreign-outer " + text;
        }
    }

    /** A programmatic endpoint nested the same way, as the TCK's are: scanned, not deployed (no config). */
    public static final class Programmatic extends jakarta.websocket.Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    /** Not static: needs an outer instance nobody can make, so it is skipped, not deployed. */
    @ServerEndpoint("/alone/inner")
    public class Inner {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }
}
