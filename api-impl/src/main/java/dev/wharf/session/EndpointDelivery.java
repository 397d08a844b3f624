package dev.wharf.session;

import dev.wharf.metrics.EndpointMeters;
import java.lang.System.Logger.Level;

/**
 * Hands received messages to the endpoint on the session's {@link SerialDispatcher}, counted against the
 * {@link Watermarks} while they wait, with the endpoint's failures reported to {@link EndpointErrors}. Nothing is
 * delivered once the session closes, or once the peer was given up on for not reading.
 */
final class EndpointDelivery {

    // Under the session's name: the one logger users configure for what happens to a session.
    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());

    /** One call into the endpoint's handlers. */
    interface Call {
        /** @return false if no handler took the message */
        boolean run() throws Throwable;
    }

    private final String id;
    private final SerialDispatcher dispatcher;
    private final Watermarks watermarks;
    private final SendQueue sendQueue;
    private final EndpointErrors errors;
    private final EndpointMeters meters;
    /** Deliveries left before the next timed one; only the dispatcher's one running task touches it. */
    private int untilTimed;
    // Wired once by the session, before any byte arrives.
    private Inbound.Ends ends;

    EndpointDelivery(String id, SerialDispatcher dispatcher, Watermarks watermarks, SendQueue sendQueue,
                     EndpointErrors errors, EndpointMeters meters) {
        this.id = id;
        this.meters = meters;
        this.dispatcher = dispatcher;
        this.watermarks = watermarks;
        this.sendQueue = sendQueue;
        this.errors = errors;
    }

    void connect(Inbound.Ends ends) {
        this.ends = ends;
    }

    /**
     * Queues a message of {@code size} bytes for the endpoint, pausing the reader while too much waits.
     *
     * @param kind "text" or "binary", for the log line when no handler takes it; null when none is expected to
     */
    void queue(long size, Call call, String kind) {
        watermarks.reserve(size);
        dispatcher.execute(() -> {
            try {
                deliver(call, kind);
            } finally {
                watermarks.release(size);
            }
        });
    }

    /** Runs a streamed message's receiver, then {@code after}: never on the reader, which feeds the stream. */
    void stream(MessageStreams.Run receiverRun, Runnable after) {
        dispatcher.executeOffReader(() -> {
            try {
                deliver(() -> {
                    receiverRun.run();
                    return true;
                }, null);
            } finally {
                after.run();
            }
        });
    }

    private void deliver(Call call, String kind) {
        if (!ends.delivering() || sendQueue.abandoned()) {
            // Messages behind a close are not delivered, nor those of a peer given up on for not reading: an
            // endpoint answering each one would only fail, and report each failure.
            return;
        }
        // The server's part of a message's latency: the endpoint's handler, its own sends included. Sampled (a
        // session's first message, then one in HANDLING_SAMPLE): two clock reads per message cost as much as all
        // the counters of a small echo together (MeterBench), one in sixteen does not show.
        boolean timed = false;
        if (--untilTimed < 0 && meters.recording()) {
            untilTimed = EndpointMeters.HANDLING_SAMPLE - 1;
            timed = true;
        }
        long started = timed ? System.nanoTime() : 0;
        try {
            if (!call.run() && kind != null) {
                // No handler for this kind (yet): the message is dropped and the session stays open, as in Tomcat and
                // Jetty. An endpoint may add its handler only later (from onOpen's sends, say), and the spec names no
                // close for an unhandled message.
                LOG.log(Level.DEBUG, "session {0}: no {1} message handler; message dropped", id, kind);
            }
        } catch (Throwable t) {
            errors.report(t);
        } finally {
            if (timed) {
                meters.recordHandling(System.nanoTime() - started);
            }
        }
    }
}
