package dev.wharf.session;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Makes the {@link SendResult}s handed to {@code SendHandler}s on whichever WebSocket API the host put on the class
 * path. The session-carrying constructors ({@code SendResult(Session)}, {@code SendResult(Session, Throwable)}) are
 * new in 2.2 (spec appendix "Changes Between 2.2 and 2.1", issue 185); Jakarta EE 10 hosts (Tomcat 10.1, Jetty
 * 12 ee10, Spring Boot 3) ship the 2.1 API, where calling them throws {@code NoSuchMethodError} and the handler never
 * runs. The choice is made once, when this class initialises: 2.2's constructors where they exist, so
 * {@code SendResult.getSession()} works, else 2.1's.
 */
final class SendResults {

    /** {@code SendResult(Session)} and {@code SendResult(Session, Throwable)}, or null on a 2.1 API. */
    private static final MethodHandle OK_WITH_SESSION;
    private static final MethodHandle FAILED_WITH_SESSION;

    static {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle ok = null;
        MethodHandle failed = null;
        try {
            ok = lookup.findConstructor(SendResult.class, MethodType.methodType(void.class, Session.class));
            failed = lookup.findConstructor(SendResult.class,
                    MethodType.methodType(void.class, Session.class, Throwable.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            ok = null; // the 2.1 API: results without a session
            failed = null;
        }
        OK_WITH_SESSION = ok;
        FAILED_WITH_SESSION = failed;
    }

    private SendResults() {
    }

    /** True when the API on the class path is 2.2 or later (results carry their session). */
    static boolean carrySession() {
        return OK_WITH_SESSION != null;
    }

    /** The result of a send that reached the network. */
    static SendResult ok(Session session) {
        if (OK_WITH_SESSION == null) {
            return okWithoutSession();
        }
        try {
            return (SendResult) OK_WITH_SESSION.invokeExact(session);
        } catch (Throwable t) {
            throw new IllegalStateException("SendResult(Session) failed", t); // a constructor that only stores fields
        }
    }

    /** The result of a send that failed with {@code failure}. */
    static SendResult failed(Session session, Throwable failure) {
        if (FAILED_WITH_SESSION == null) {
            return failedWithoutSession(failure);
        }
        try {
            return (SendResult) FAILED_WITH_SESSION.invokeExact(session, failure);
        } catch (Throwable t) {
            throw new IllegalStateException("SendResult(Session, Throwable) failed", t);
        }
    }

    // 2.2 deprecates these two in favour of the session-carrying ones; 2.1 has only these.
    @SuppressWarnings("deprecation")
    private static SendResult okWithoutSession() {
        return new SendResult();
    }

    @SuppressWarnings("deprecation")
    private static SendResult failedWithoutSession(Throwable failure) {
        return new SendResult(failure);
    }
}
