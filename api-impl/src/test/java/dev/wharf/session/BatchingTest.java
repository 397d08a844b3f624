package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RemoteEndpoint batching: held frames, one gathered write on flush, control frames never held back. */
class BatchingTest {

    private MemoryPeer peer;

    private MemoryPeer open() throws InterruptedException {
        peer = MemoryPeer.openedEcho(new ContainerDefaults());
        return peer;
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    @Test
    @DisplayName("[WSC 2.1.4] batched blocking sends write nothing until flushBatch, then go out in one write")
    void blockingSendsGoOutInOneWriteOnFlush() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        remote.setBatchingAllowed(true);
        assertTrue(remote.getBatchingAllowed());
        int before = p.writes.get();
        for (int i = 0; i < 50; i++) {
            remote.sendText("m" + i); // returns once held: no peer reads it yet
        }
        assertEquals(before, p.writes.get(), "nothing is written while batching");
        assertTrue(p.received.isEmpty());
        remote.flushBatch();
        assertEquals(before + 1, p.writes.get(), "the whole batch is one gathered write");
        for (int i = 0; i < 50; i++) {
            assertEquals("text:m" + i, p.next(p.received));
        }
    }

    @Test
    @DisplayName("[WSC 2.1.4] batched async sends complete when the flush writes them")
    void asyncSendsCompleteOnFlush() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        remote.setBatchingAllowed(true);
        int before = p.writes.get();
        List<Future<Void>> futures = new ArrayList<>();
        CompletableFuture<SendResult> handled = new CompletableFuture<>();
        for (int i = 0; i < 10; i++) {
            futures.add(remote.sendBinary(ByteBuffer.wrap(new byte[100])));
        }
        remote.sendText("last", handled::complete);
        assertFalse(futures.get(0).isDone(), "a held frame has not reached the network");
        assertFalse(handled.isDone());
        assertEquals(before, p.writes.get());
        remote.flushBatch();
        for (Future<Void> f : futures) {
            assertNull(f.get(5, TimeUnit.SECONDS));
        }
        assertTrue(handled.get(5, TimeUnit.SECONDS).isOK());
        assertEquals(before + 1, p.writes.get());
    }

    @Test
    @DisplayName("[WSC 2.1.4] turning batching off writes out what the batch holds")
    void turningBatchingOffFlushes() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        remote.setBatchingAllowed(true);
        int before = p.writes.get();
        remote.sendText("a");
        remote.sendText("b");
        assertEquals(before, p.writes.get());
        remote.setBatchingAllowed(false);
        assertFalse(remote.getBatchingAllowed());
        assertEquals(before + 1, p.writes.get());
        assertEquals("text:a", p.next(p.received));
        assertEquals("text:b", p.next(p.received));
        remote.sendText("c"); // batching off: straight to the network
        assertEquals(before + 2, p.writes.get());
        assertEquals("text:c", p.next(p.received));
    }

    @Test
    @DisplayName("a batch past its byte bound is written without waiting for a flush")
    void batchOverItsBoundIsWritten() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        remote.setBatchingAllowed(true);
        int before = p.writes.get();
        byte[] chunk = new byte[16 * 1024 - 4]; // with its 4-byte header, a frame of exactly 16 KiB
        int sends = 0;
        while (p.writes.get() == before) {
            remote.sendBinary(ByteBuffer.wrap(chunk));
            sends++;
            assertTrue(sends <= 5, "a batch over " + SendQueue.BATCH_LIMIT + " bytes must be written out");
        }
        assertEquals(5, sends, "64 KiB of frames are held, the next one releases them");
        for (int i = 0; i < sends; i++) {
            assertEquals("binary:" + chunk.length, p.next(p.received));
        }
    }

    @Test
    @DisplayName("a pong is never held back: it releases the batch and follows it")
    void controlFramesFlushTheBatchFirst() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Basic remote = p.session.getBasicRemote();
        remote.setBatchingAllowed(true);
        remote.sendText("held");
        remote.sendPong(ByteBuffer.wrap(new byte[] {1}));
        assertEquals("text:held", p.next(p.received));
        assertEquals("pong", p.next(p.received));
    }

    @Test
    @DisplayName("closing the session writes the batch before the close frame")
    void closeFlushesTheBatchFirst() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        remote.setBatchingAllowed(true);
        Future<Void> held = remote.sendText("before close");
        p.session.close();
        assertEquals("text:before close", p.next(p.received));
        assertTrue(p.next(p.received).startsWith("close:1000"));
        assertNull(held.get(5, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("held frames fail, not hang, when the connection ends; flushBatch then reports the failure")
    void heldFramesFailWhenTheConnectionEnds() throws Exception {
        MemoryPeer p = open();
        RemoteEndpoint.Async remote = p.session.getAsyncRemote();
        remote.setBatchingAllowed(true);
        Future<Void> held = remote.sendText("never sent");
        p.abort(); // the connection is gone: nothing can be written to it any more
        p.session.onInputEnd(new java.io.IOException("reset"));
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> held.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof java.io.IOException, String.valueOf(failed.getCause()));
    }

    @Test
    @DisplayName("flushBatch without batching returns at once")
    void flushWithoutBatchingIsANoOp() throws Exception {
        MemoryPeer p = open();
        p.stall();
        p.session.getAsyncRemote().sendText("stuck");
        p.session.getBasicRemote().flushBatch(); // must not wait for the stalled write
        assertFalse(p.session.getBasicRemote().getBatchingAllowed());
    }
}
