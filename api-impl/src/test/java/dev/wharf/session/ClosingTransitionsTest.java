package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.endpoint.Codecs;
import dev.wharf.endpoint.MessageHandlers;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.Role;
import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection's close state machine ({@link Closing.Phase}), one row per transition: the peer's bytes in as
 * literals, our bytes out as literals, what happened to the transport, and the phase after. The clock and the timer
 * are played by the test (no sleeps): the close timeout and the 50 ms quiet period after a failure are exact.
 *
 * <p>Peer frames are masked with the all-zero key (RFC 6455 §5.3 allows any key), so their payload reads as sent.
 */
class ClosingTransitionsTest {

    private static final long CLOSE_TIMEOUT_MS = 1_000;
    /** Our close frame failing the connection: 1002 and the engine's reason (RFC 6455 §7.1.7). */
    private static final String FAILED_1002 = "881703ea756e6d61736b656420636c69656e74206672616d65";

    /** One transition: what is done, and what must be seen after it. */
    record Row(String name, Consumer<Harness> steps, String wireOut, String transport, Closing.Phase phase,
               Integer onCloseCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> transitions() {
        return Stream.of(
                new Row("OPEN -> CLOSE_SENT: close() sends 1000, the transport stays open for the reply",
                        h -> h.closeByUs(1000),
                        "880203e8", "", Closing.Phase.CLOSE_SENT, 1000),
                new Row("CLOSE_SENT -> ENDED: the peer's reply closes the transport once flushed (RFC 6455 §7.1.1)",
                        h -> {
                            h.closeByUs(1000);
                            h.peer("888200000000" + "03e8");
                        },
                        "880203e8", "close", Closing.Phase.ENDED, 1000),
                new Row("CLOSE_SENT -> ENDED: no reply within the close timeout aborts the connection",
                        h -> {
                            h.closeByUs(1000);
                            h.timer.advance(CLOSE_TIMEOUT_MS - 1);
                            h.expectTransport("");
                            h.timer.advance(1);
                        },
                        "880203e8", "abort", Closing.Phase.ENDED, 1000),
                new Row("OPEN -> CLOSED -> ENDED: the peer closes with 1001, we echo it and close when flushed"
                        + " (RFC 6455 §5.5.1)",
                        h -> h.peer("888200000000" + "03e9"),
                        "880203e9", "close", Closing.Phase.ENDED, 1001),
                new Row("OPEN -> CLOSED -> ENDED: a close without a code is answered with an empty close frame;"
                        + " onClose sees 1005",
                        h -> h.peer("888000000000"),
                        "8800", "close", Closing.Phase.ENDED, 1005),
                new Row("OPEN -> TRANSPORT_CLOSING: an unmasked client frame fails with 1002 (RFC 6455 §5.1);"
                        + " the transport is not closed before the peer is quiet",
                        h -> h.peer("810161"),
                        FAILED_1002, "", Closing.Phase.TRANSPORT_CLOSING, 1002),
                new Row("TRANSPORT_CLOSING -> ENDED: after a failure, 50 ms without input closes the transport",
                        h -> {
                            h.peer("810161");
                            h.timer.advance(Closing.QUIET_MS - 1);
                            h.expectTransport("");
                            h.timer.advance(1);
                        },
                        FAILED_1002, "close", Closing.Phase.ENDED, 1002),
                new Row("TRANSPORT_CLOSING: input that keeps coming keeps the transport open (no reset of our"
                        + " close frame), but no longer than the close timeout",
                        h -> {
                            h.peer("810161");
                            for (long t = 0; t + 40 < CLOSE_TIMEOUT_MS; t += 40) {
                                h.timer.advance(40);
                                h.expectTransport("");
                                h.peer("00"); // ignored after the failure, but activity
                            }
                            h.timer.advance(CLOSE_TIMEOUT_MS);
                        },
                        FAILED_1002, "close", Closing.Phase.ENDED, 1002),
                new Row("OPEN -> CLOSED -> ENDED: input ends without a close frame; nothing is written, the"
                        + " transport is closed, onClose sees 1006",
                        Harness::inputEnds,
                        "", "close", Closing.Phase.ENDED, 1006),
                new Row("CLOSE_SENT -> ENDED: input ends before the reply; onClose keeps our reason",
                        h -> {
                            h.closeByUs(1000);
                            h.inputEnds();
                        },
                        "880203e8", "close", Closing.Phase.ENDED, 1000));
    }

    private Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.services.shutdown("test over", 1000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(Row row) {
        harness = new Harness();
        row.steps().accept(harness);
        assertEquals(row.wireOut(), harness.wireOut());
        assertEquals(row.transport(), harness.transportActions());
        assertEquals(row.phase(), harness.closing.phase());
        assertEquals(row.onCloseCode(), harness.onCloseCode);
    }

    @Test
    void closingTwiceSendsOneCloseFrame() {
        harness = new Harness();
        harness.closeByUs(1000);
        harness.closeByUs(1001);
        assertEquals("880203e8", harness.wireOut());
    }

    @Test
    void theTimerDoesNothingOnceTheConnectionEnded() {
        harness = new Harness();
        harness.closeByUs(1000);
        harness.peer("888200000000" + "03e8");
        harness.timer.advance(CLOSE_TIMEOUT_MS * 2);
        assertEquals("close", harness.transportActions());
        assertEquals(Closing.Phase.ENDED, harness.closing.phase());
    }

    // ---- the harness: the session's parts over a byte-recording transport, a test clock and a direct dispatcher -

    static final class Harness {
        final ManualTimer timer = new ManualTimer();
        final ContainerDefaults defaults = new ContainerDefaults();
        final SessionServices services;
        final Wire wire = new Wire();
        final Inbound inbound;
        final Closing closing;
        volatile Integer onCloseCode;

        Harness() {
            defaults.closeTimeoutMs(CLOSE_TIMEOUT_MS);
            services = new SessionServices(null, defaults, "closing-test", 2);
            SendQueue queue = new SendQueue(wire);
            SessionTimers timers = new SessionTimers(timer, timer::now, queue, new SessionTimers.Expiry() {
                @Override
                public boolean isOpen() {
                    return false; // no idle check: the rows are about closing
                }

                @Override
                public void idle(long timeoutMs) {
                }

                @Override
                public void sendStalled(long timeoutMs) {
                }
            }, defaults);
            SerialDispatcher dispatcher = new SerialDispatcher(Runnable::run, getClass().getClassLoader());
            EndpointConfig config = ServerEndpointConfig.Builder.create(Endpoint.class, "/x").build();
            MessageHandlers handlers = new MessageHandlers(new Codecs(List.of(), List.of(), config));
            inbound = new Inbound("t", EngineConfig.builder(Role.SERVER).repliesToClose(false).build(), wire, queue,
                    timers, dispatcher, services, handlers, new EndpointErrors(null, new Endpoint() {
                        @Override
                        public void onOpen(Session session, EndpointConfig c) {
                        }

                        @Override
                        public void onError(Session session, Throwable t) {
                            throw new AssertionError("no error expected", t);
                        }
                    }), EndpointMeters.OFF);
            Closing[] late = new Closing[1];
            Sender sender = new Sender(inbound.engine(), queue, () -> late[0].checkSendable(), timers, defaults,
                    EndpointMeters.OFF);
            closing = new Closing("t", wire, sender, queue, timers, dispatcher, defaults, new Closing.Ending() {
                @Override
                public void closed(CloseReason reason) {
                    onCloseCode = reason.getCloseCode().getCode();
                }

                @Override
                public void closing() {
                }

                @Override
                public boolean closedRunsApplicationCode() {
                    return true; // an onClose of its own: it records the code
                }
            }, EndpointMeters.OFF);
            late[0] = closing;
            inbound.connect(closing, sender);
            inbound.start(() -> { }, true);
        }

        void closeByUs(int code) {
            closing.close(code, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), ""));
        }

        void peer(String hex) {
            inbound.onBytes(ByteBuffer.wrap(HexFormat.of().parseHex(hex)));
        }

        void inputEnds() {
            inbound.onInputEnd();
            closing.inputEnded(null);
        }

        String wireOut() {
            return HexFormat.of().formatHex(wire.out.toByteArray());
        }

        String transportActions() {
            return String.join(",", wire.actions);
        }

        void expectTransport(String actions) {
            assertEquals(actions, transportActions(), "transport actions too early");
        }
    }

    /** Records every byte written, and close/abort; writes complete at once until the connection is closed. */
    static final class Wire implements Transport {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> actions = new ArrayList<>();
        private boolean ended;

        @Override
        public synchronized void write(ByteBuffer[] buffers, WriteCallback callback) {
            if (ended) {
                callback.failed(new IOException("closed"));
                return;
            }
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                out.writeBytes(bytes);
            }
            callback.completed();
        }

        @Override
        public void suspendReading() {
        }

        @Override
        public void resumeReading() {
        }

        @Override
        public synchronized void close() {
            ended = true;
            actions.add("close");
        }

        @Override
        public synchronized void abort() {
            if (!ended) { // an abort after close does nothing to a closed connection
                actions.add("abort");
            }
            ended = true;
        }
    }
}
