package dev.wharf.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floor's rooms ({@code /room/{name}}, {@link FloorBroadcast}): the welcome first, then every message of every
 * member to every member of the same room (the sender included) and to no other room, in each sender's order; a
 * member that leaves does not stop the others; a fragment is refused with 1003. (Members accepted on a selector
 * thread that does not serve their room are handed over to the one that does.)
 */
class FloorRoomTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A member's connection and what it received. */
    private record Member(WebSocket ws, ReceivedMessages received) {
        String next() throws InterruptedException {
            return (String) received.next();
        }
    }

    private static Member join(int port, String room) throws Exception {
        ReceivedMessages received = new ReceivedMessages();
        Member m = new Member(HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/room/" + room), received)
                .get(10, TimeUnit.SECONDS), received);
        assertEquals("joined", m.next(), "the welcome comes first");
        return m;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest(name = "batched={0}")
    @ValueSource(booleans = {false, true})
    void everyMemberGetsEveryMessageOfItsRoomInEachSendersOrder(boolean batched) throws Exception {
        int port = freePort();
        int perSender = 200;
        try (AutoCloseable server = (batched ? new FloorServer.Batched() : new FloorServer.PerMessage()).start(port)) {
            // enough members that the kernel accepts some on each selector thread: those are handed over to the room's
            List<Member> a = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                a.add(join(port, "a"));
            }
            List<Member> b = List.of(join(port, "b"), join(port, "b"));
            Thread[] senders = new Thread[3];
            for (int s = 0; s < senders.length; s++) {
                WebSocket ws = a.get(s).ws();
                String name = "s" + s;
                senders[s] = new Thread(() -> {
                    try {
                        for (int n = 0; n < perSender; n++) {
                            ws.sendText(name + "-" + n, true).get(10, TimeUnit.SECONDS);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                senders[s].start();
            }
            for (Thread t : senders) {
                t.join(30_000);
            }
            for (Member m : a) {
                int[] next = new int[senders.length];
                for (int i = 0; i < senders.length * perSender; i++) {
                    String message = m.next();
                    int s = message.charAt(1) - '0';
                    assertEquals("s" + s + "-" + next[s]++, message, "in each sender's order, once");
                }
            }
            // room b got none of a's: the first thing its members see is b's own message
            b.get(1).ws().sendText("to b", true).get(10, TimeUnit.SECONDS);
            for (Member m : b) {
                assertEquals("to b", m.next());
            }
            // a member that leaves does not stop the others
            Member leaving = a.get(15);
            leaving.ws().sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertEquals("close 1000", leaving.next());
            a.get(0).ws().sendText("after", true).get(10, TimeUnit.SECONDS);
            for (Member m : a.subList(0, 15)) {
                assertEquals("after", m.next());
            }
            assertTrue(leaving.received().events.poll(200, TimeUnit.MILLISECONDS) == null, "nothing after the close");
        }
    }

    @ParameterizedTest(name = "batched={0}")
    @ValueSource(booleans = {false, true})
    void aFragmentIsRefusedWith1003(boolean batched) throws Exception {
        int port = freePort();
        try (AutoCloseable server = (batched ? new FloorServer.Batched() : new FloorServer.PerMessage()).start(port)) {
            Member m = join(port, "f");
            m.ws().sendText("frag", false).get(10, TimeUnit.SECONDS);
            assertEquals("close 1003", m.next());
        }
    }
}
