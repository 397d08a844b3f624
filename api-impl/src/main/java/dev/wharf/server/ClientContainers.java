package dev.wharf.server;

import jakarta.websocket.WebSocketContainer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Makes and stops Wharf's client containers, which live in the separate {@code wharf-client} jar (with jetty-client
 * under it) so that a deployment that only serves carries no client transport. This jar cannot link the client's
 * classes, so it finds them by name, next to itself, when a client is first asked for; without the jar the caller
 * gets {@link #MISSING}, a message that says what to add.
 */
final class ClientContainers {

    static final String CLIENT_CLASS = "dev.wharf.client.WharfClientContainer";

    /** What to add when the client is missing: the artifacts, by Maven coordinates. */
    static final String MISSING = "Wharf's WebSocket client is not on the class path: add dev.wharf:wharf-client"
            + " (it brings jetty-client), next to wharf-api-impl";

    private ClientContainers() {
    }

    /** Thrown, with {@link #MISSING} and the reason as cause, when wharf-client is absent. */
    static final class Missing extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Missing(Throwable cause) {
            super(MISSING, cause);
        }
    }

    /** A new client container; throws {@link Missing} when wharf-client is absent. */
    static WebSocketContainer create() {
        return (WebSocketContainer) invoke(Handles.CREATE, null);
    }

    /** Closes the client's sessions (1001), waiting up to {@code waitMs} for their close replies, and stops it. */
    static void stop(WebSocketContainer client, long waitMs) {
        invoke(Handles.STOP, client, waitMs);
    }

    private static Object invoke(MethodHandle handle, Object first, Object... more) {
        if (handle == null) {
            throw new Missing(Handles.FAILURE);
        }
        try {
            if (first == null) {
                return handle.invoke();
            }
            Object[] args = new Object[more.length + 1];
            args[0] = first;
            System.arraycopy(more, 0, args, 1, more.length);
            return handle.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(CLIENT_CLASS + " failed", t); // neither method declares a checked one
        }
    }

    /** Looked up once, on first use of the client (a server that never connects out never tries). */
    private static final class Handles {

        static final MethodHandle CREATE;
        static final MethodHandle STOP;
        /** Why the client could not be found (a missing class or, e.g., a missing jetty-client under it). */
        static final Throwable FAILURE;

        static {
            MethodHandle create = null;
            MethodHandle stop = null;
            Throwable failure = null;
            try {
                Class<?> client = Class.forName(CLIENT_CLASS, true, ClientContainers.class.getClassLoader());
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                create = lookup.findConstructor(client, MethodType.methodType(void.class));
                stop = lookup.findVirtual(client, "stop", MethodType.methodType(void.class, long.class));
            } catch (ReflectiveOperationException | LinkageError e) {
                failure = e;
                create = null;
                stop = null;
            }
            CREATE = create;
            STOP = stop;
            FAILURE = failure;
        }
    }
}
