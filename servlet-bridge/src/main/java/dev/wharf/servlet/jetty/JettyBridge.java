package dev.wharf.servlet.jetty;

import dev.wharf.servlet.HostUpgrade;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reaches Jetty's connection hand-over ({@link JettyUpgrade}) from a web application that cannot see Jetty's classes,
 * as in every stock Jetty 12 distribution, with no start-up flag: the classes that link Jetty are defined beside
 * Jetty's own by a {@link JettyBridgeLoader} made from the loader of Jetty's request (or context) class, and called
 * through method handles, so the application's loader never links a Jetty type. One bridge per Jetty environment
 * (ee10, ee11), made on first use (at start-up, by {@link JettyHostUpgrade}) and kept.
 */
final class JettyBridge {

    private static final String JETTY = "org.eclipse.jetty.";
    private static final MethodType UPGRADE = MethodType.methodType(boolean.class, Object.class,
            HttpServletRequest.class, Function.class, Consumer.class);

    /** By the loader of Jetty's servlet classes: the bridge, or why there is none. */
    private static final Map<ClassLoader, Bridge> BRIDGES = new ConcurrentHashMap<>();

    /** What {@link #upgrade} did. */
    enum Outcome {
        /** Jetty takes the connection over after the 101; the caller is done. */
        UPGRADED,
        /** Not a Jetty request (or Jetty's request offers no connection): use the servlet upgrade. */
        NOT_JETTY,
        /** A Jetty request, but the hand-over cannot be reached: the servlet upgrade is Jetty's, with its flaw. */
        UNAVAILABLE
    }

    /**
     * @param coreRequest {@code ServletContextRequest.getServletContextRequest(ServletRequest)} of the environment
     * @param upgrade     {@link JettyUpgrade#upgrade}, as defined in the bridge
     * @param failure     why the bridge could not be made, or null
     */
    private record Bridge(String environment, MethodHandle coreRequest, MethodHandle upgrade, Throwable failure) {
    }

    /**
     * The request class last upgraded and its bridge (null for a class that is not Jetty's): a host has one request
     * class, so handshakes after the first skip the class-name parsing and the map look-up. One field, held here on
     * the application's side (a {@code ClassValue} would pin this loader to Jetty's class).
     */
    private record Known(Class<?> requestType, Bridge bridge) {
    }

    private static volatile Known lastKnown;

    private JettyBridge() {
    }

    /** Why Jetty's hand-over cannot be reached from {@code contextType}'s environment, or null if it can. */
    static Throwable failure(Class<?> contextType) {
        return bridgeFor(contextType).failure();
    }

    /** Upgrades {@code request} through Jetty's hand-over if it is a Jetty request and the bridge is there. */
    static Outcome upgrade(HttpServletRequest request, HostUpgrade.Handover start) {
        Bridge bridge = bridgeForRequest(unwrap(request).getClass());
        if (bridge == null) {
            return Outcome.NOT_JETTY;
        }
        if (bridge.failure() != null) {
            return Outcome.UNAVAILABLE;
        }
        try {
            Object core = bridge.coreRequest().invoke((ServletRequest) request);
            Function<Transport, WebSocketSession> newSession = start::newSession;
            Consumer<WebSocketSession> opened = start::opened;
            boolean upgraded = (boolean) bridge.upgrade().invokeExact(core, request, newSession, opened);
            return upgraded ? Outcome.UPGRADED : Outcome.NOT_JETTY;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Jetty's connection hand-over failed", t); // nothing checked is thrown
        }
    }

    /** "ee11" for a class of Jetty's ee11 servlet layer, and so on; null for anything that is not Jetty's. */
    static String environment(Class<?> type) {
        return environment(type.getName());
    }

    static String environment(String name) {
        if (!name.startsWith(JETTY + "ee")) {
            return null;
        }
        int end = name.indexOf('.', JETTY.length());
        if (end < 0) {
            return null;
        }
        String environment = name.substring(JETTY.length(), end);
        // "ee10", "ee11": not Jetty's environment-neutral "ee" package
        return environment.length() > 2 && environment.chars().skip(2).allMatch(Character::isDigit)
                ? environment : null;
    }

    private static ServletRequest unwrap(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        return r;
    }

    /** The bridge for requests of {@code type}, or null if {@code type} is not Jetty's. */
    private static Bridge bridgeForRequest(Class<?> type) {
        Known known = lastKnown;
        if (known != null && known.requestType() == type) {
            return known.bridge();
        }
        Bridge bridge = environment(type) == null ? null : bridgeFor(type);
        lastKnown = new Known(type, bridge);
        return bridge;
    }

    private static Bridge bridgeFor(Class<?> jettyType) {
        return BRIDGES.computeIfAbsent(jettyType.getClassLoader(), loader -> make(environment(jettyType), loader));
    }

    private static Bridge make(String environment, ClassLoader jetty) {
        try {
            Class<?> contextRequest = Class.forName(JETTY + environment + ".servlet.ServletContextRequest", true,
                    jetty);
            MethodHandle coreRequest = MethodHandles.publicLookup()
                    .unreflect(contextRequest.getMethod("getServletContextRequest", ServletRequest.class))
                    .asType(MethodType.methodType(Object.class, ServletRequest.class));
            JettyBridgeLoader bridgeLoader = new JettyBridgeLoader(jetty, JettyBridge.class.getClassLoader());
            // Link everything now: a Jetty whose classes do not fit shows at start-up, not on the first handshake.
            for (String name : JettyBridgeLoader.BRIDGED) {
                Class.forName(name, true, bridgeLoader);
            }
            Class<?> upgrade = bridgeLoader.loadClass("dev.wharf.servlet.jetty.JettyUpgrade");
            MethodHandle handle = MethodHandles.privateLookupIn(upgrade, MethodHandles.lookup())
                    .findStatic(upgrade, "upgrade", UPGRADE);
            return new Bridge(environment, coreRequest, handle, null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Bridge(environment, null, null, e);
        }
    }
}
