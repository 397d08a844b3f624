package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Errors of a programmatic endpoint that has no error handling method (spec 5.2.2): {@code Endpoint.onError} does
 * nothing, so an endpoint that does not override it would lose the error; the container logs it instead.
 */
class UnhandledErrorTest {

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger logger = Logger.getLogger(WebSocketSession.class.getName());
    private final BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private MemoryPeer peer;

    @BeforeEach
    void capture() {
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        if (peer != null) {
            peer.shutdown();
        }
    }

    /** Throws on "boom", echoes the rest; does not override onError. */
    static Endpoint failingWithoutOnError(BlockingQueue<String> events) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    if (text.equals("boom")) {
                        throw new IllegalStateException("boom from the handler");
                    }
                    try {
                        session.getBasicRemote().sendText(text);
                    } catch (IOException e) {
                        events.add("send failed: " + e);
                    }
                });
                events.add("open");
            }
        };
    }

    @Test
    @DisplayName("[WSC-5.2.2-3] a programmatic endpoint without onError: the handler's exception is logged")
    void errorWithoutOnErrorIsLogged() throws Exception {
        peer = new MemoryPeer(new ContainerDefaults(), UnhandledErrorTest::failingWithoutOnError);
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        peer.clientSends(peer.client().encodeText("boom", true));
        LogRecord record = records.poll(10, TimeUnit.SECONDS);
        assertNotNull(record, "the error is logged");
        assertEquals(Level.WARNING, record.getLevel());
        assertNotNull(record.getThrown());
        assertEquals("boom from the handler", record.getThrown().getMessage());
        assertTrue(record.getMessage().contains(peer.session.getId()), record.getMessage());
        // [WSC-5.2.2-1] caught: the session goes on.
        peer.clientSends(peer.client().encodeText("after", true));
        assertEquals("text:after", peer.next(peer.received));
    }

    @Test
    @DisplayName("[WSC-5.2.2-2] an endpoint that overrides onError gets the error, and nothing is logged")
    void errorWithOnErrorIsNotLogged() throws Exception {
        peer = new MemoryPeer(new ContainerDefaults(), events -> new Endpoint() {
            private final Endpoint failing = failingWithoutOnError(events);

            @Override
            public void onOpen(Session session, EndpointConfig config) {
                failing.onOpen(session, config);
            }

            @Override
            public void onError(Session session, Throwable error) {
                events.add("error:" + error.getMessage());
            }
        });
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        peer.clientSends(peer.client().encodeText("boom", true));
        assertEquals("error:boom from the handler", peer.next(peer.endpointEvents));
        peer.clientSends(peer.client().encodeText("after", true));
        assertEquals("text:after", peer.next(peer.received));
        assertTrue(records.isEmpty(), "no log record: " + records);
    }
}
