package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.endpoint.ReturnValues;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The values {@code @OnMessage} methods return ({@link ReturnValues}): the replies to the messages of one read go out
 * in one write, in order, once the last of those messages was handled; a reply with nothing behind it goes out at
 * once, before its callback returns; a reply that cannot be written reaches the endpoint's error method.
 */
class ReturnValueRepliesTest {

    private MemoryPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.shutdown();
        }
    }

    @Test
    @DisplayName("the replies to three messages read at once go out in one write, in order")
    void repliesOfOneReadShareOneWrite() throws Exception {
        List<Integer> writesSeenByHandler = new ArrayList<>();
        openEchoingPeer(writesSeenByHandler);

        int before = peer.writes.get();
        peer.clientSends(threeFramesInOneRead("a", "b", "c"));

        assertEquals("text:re:a", peer.next(peer.received));
        assertEquals("text:re:b", peer.next(peer.received));
        assertEquals("text:re:c", peer.next(peer.received));
        assertEquals(1, peer.writes.get() - before, "one write for the three replies");
        assertEquals(List.of(before, before, before + 1), writesSeenByHandler,
                "nothing written while later messages waited; the last reply wrote all three before its callback returned");
    }

    @Test
    @DisplayName("with coalesceReplies off each reply is written the moment its method returns")
    void coalescingOff() throws Exception {
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.coalesceReplies(false);
        List<Integer> writesSeenByHandler = new ArrayList<>();
        openEchoingPeer(defaults, writesSeenByHandler);

        int before = peer.writes.get();
        peer.clientSends(threeFramesInOneRead("a", "b", "c"));

        assertEquals("text:re:a", peer.next(peer.received));
        assertEquals("text:re:b", peer.next(peer.received));
        assertEquals("text:re:c", peer.next(peer.received));
        assertEquals(List.of(before + 1, before + 2, before + 3), writesSeenByHandler);
    }

    @Test
    @DisplayName("a reply with no message behind it in the read is written before its callback returns")
    void loneReplyGoesOutAtOnce() throws Exception {
        List<Integer> writesSeenByHandler = new ArrayList<>();
        openEchoingPeer(writesSeenByHandler);

        int before = peer.writes.get();
        peer.clientSends(peer.client().encodeText("alone", true));

        assertEquals("text:re:alone", peer.next(peer.received));
        assertEquals(List.of(before + 1), writesSeenByHandler, "written inside the callback, as a blocking send");
    }

    @Test
    @DisplayName("a reply that cannot be written goes to the endpoint's error method (@OnMessage javadoc)")
    void failedReplyReachesOnError() throws Exception {
        openEchoingPeer(new ArrayList<>());
        peer.closed = true; // every write fails from now on

        // The last message gets no reply: the two replies wait for the end of the turn, where their write fails.
        peer.clientSends(threeFramesInOneRead("x", "y", "quiet"));

        String event = peer.next(peer.endpointEvents);
        assertTrue(event.startsWith("error:"), "reported to onError, not thrown to the handler: " + event);
    }

    @Test
    @DisplayName("on a callback thread the replies arrive complete and in order as well")
    void repliesInOrderOnThePool() throws Exception {
        peer = new MemoryPeer(new ContainerDefaults(), events -> replying(events, new ArrayList<>(), null));
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));

        for (int i = 0; i < 50; i++) {
            peer.clientSends(threeFramesInOneRead(i + "a", i + "b", i + "c"));
        }
        for (int i = 0; i < 50; i++) {
            for (String s : new String[] {"a", "b", "c"}) {
                assertEquals("text:re:" + i + s, peer.next(peer.received));
            }
        }
    }

    private void openEchoingPeer(List<Integer> writesSeenByHandler) throws Exception {
        openEchoingPeer(new ContainerDefaults(), writesSeenByHandler);
    }

    private void openEchoingPeer(ContainerDefaults defaults, List<Integer> writesSeenByHandler) throws Exception {
        MemoryPeer[] self = new MemoryPeer[1];
        peer = MemoryPeer.readerRunsCallbacks(defaults,
                events -> replying(events, writesSeenByHandler, self));
        self[0] = peer;
        peer.session.open();
        assertEquals("open", peer.next(peer.endpointEvents));
        // onOpen ran on the reader here (ReaderRunsCallbacksTest): the reader runs the next read's callbacks too.
        assertTrue(peer.session.callbacksIdle());
    }

    /**
     * Replies to each text message with "re:" + it through {@link ReturnValues}, as an annotated endpoint does, except
     * to those starting with "quiet".
     */
    private static Endpoint replying(BlockingQueue<String> events, List<Integer> writesSeen, MemoryPeer[] peer) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    if (text.startsWith("quiet")) {
                        return;
                    }
                    try {
                        ((ReturnValues) session).sendReturnValue("re:" + text);
                    } catch (Exception e) {
                        events.add("thrown:" + e);
                        return;
                    }
                    if (peer != null) {
                        writesSeen.add(peer[0].writes.get());
                    }
                });
                events.add("open");
            }

            @Override
            public void onError(Session session, Throwable error) {
                events.add("error:" + error);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close");
            }
        };
    }

    private ByteBuffer[] threeFramesInOneRead(String... texts) {
        List<ByteBuffer> all = new ArrayList<>();
        for (String t : texts) {
            all.addAll(List.of(peer.client().encodeText(t, true)));
        }
        return all.toArray(ByteBuffer[]::new);
    }
}
