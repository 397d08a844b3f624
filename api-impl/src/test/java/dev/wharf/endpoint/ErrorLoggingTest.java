package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Errors an annotated endpoint cannot handle are logged for later analysis (spec 5.2.2). */
class ErrorLoggingTest {

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger logger = Logger.getLogger(AnnotatedEndpoint.class.getName());
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

    @BeforeEach
    void capture() {
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
    }

    @Test
    @DisplayName("[WSC-5.2.2-3] without @OnError the error is logged at WARNING with the exception and the class")
    void noOnErrorLogs() throws Exception {
        AnnotatedEndpoint endpoint = new AnnotatedEndpoint(
                AnnotatedEndpointModel.of(AnnotatedEndpointTest.NoErrorMethod.class),
                new AnnotatedEndpointTest.NoErrorMethod());
        RuntimeException error = new RuntimeException("original");
        endpoint.onError(new FakeSession(), error);
        LogRecord record = records.poll();
        assertNotNull(record, "logged");
        assertEquals(Level.WARNING, record.getLevel());
        assertSame(error, record.getThrown());
        assertTrue(record.getMessage().contains(AnnotatedEndpointTest.NoErrorMethod.class.getName()),
                record.getMessage());
    }

    @Test
    @DisplayName("[WSC-5.2.2-4] an @OnError that throws is logged with its exception, the original suppressed")
    void failingOnErrorLogs() throws Exception {
        AnnotatedEndpoint endpoint = new AnnotatedEndpoint(
                AnnotatedEndpointModel.of(AnnotatedEndpointTest.ThrowingErrorMethod.class),
                new AnnotatedEndpointTest.ThrowingErrorMethod());
        RuntimeException error = new RuntimeException("original");
        endpoint.onError(new FakeSession(), error);
        LogRecord record = records.poll();
        assertNotNull(record, "logged");
        assertEquals(Level.WARNING, record.getLevel());
        assertEquals("in @OnError", record.getThrown().getMessage());
        assertEquals(List.of(error), List.of(record.getThrown().getSuppressed()));
    }
}
