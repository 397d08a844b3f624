package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.e2e.JdkClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat's plain-text protocol, as any WebSocket client sees it. Each test uses its own rooms. */
class ChatSampleTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    private static JdkClient join(String room, String name) throws Exception {
        return JdkClient.connect(samples.ws("/chat/" + room + "?name=" + name));
    }

    @Test
    void announcesJoinsWithTheMemberList() throws Exception {
        try (JdkClient alice = join("joins", "alice")) {
            assertEquals("* alice joined", alice.nextText());
            assertEquals("* members: alice", alice.nextText());
            try (JdkClient bob = join("joins", "bob")) {
                assertEquals("* bob joined", bob.nextText());
                assertEquals("* members: alice, bob", bob.nextText());
                assertEquals("* bob joined", alice.nextText());
                assertEquals("* members: alice, bob", alice.nextText());
            }
            assertEquals("* bob left", alice.nextText());
            assertEquals("* members: alice", alice.nextText());
        }
    }

    @Test
    void relaysEveryMessageToTheWholeRoomWithTheSendersName() throws Exception {
        try (JdkClient alice = join("relay", "alice"); JdkClient bob = join("relay", "bob")) {
            bob.nextTextMatching("* members: alice, bob"::equals);
            alice.nextTextMatching("* members: alice, bob"::equals);
            alice.sendText("hi bob");
            assertEquals("alice: hi bob", bob.nextText());
            assertEquals("alice: hi bob", alice.nextText());
        }
    }

    @Test
    void keepsRoomsApart() throws Exception {
        try (JdkClient red = join("red", "ann"); JdkClient blue = join("blue", "ann")) {
            red.nextTextMatching("* members: ann"::equals);
            blue.nextTextMatching("* members: ann"::equals);
            red.sendText("only red");
            blue.sendText("only blue");
            assertEquals("ann: only red", red.nextText());
            assertEquals("ann: only blue", blue.nextText());
        }
    }

    @Test
    void refusesATakenNameWith1008() throws Exception {
        try (JdkClient first = join("taken", "carol")) {
            first.nextTextMatching("* members: carol"::equals);
            JdkClient second = join("taken", "carol");
            assertEquals(new JdkClient.Close(1008, "name taken in this room"), second.awaitClose());
            first.sendText("still alone");
            assertEquals("carol: still alone", first.nextText());
        }
    }

    @Test
    void refusesAMissingNameWith1008() throws Exception {
        JdkClient client = JdkClient.connect(samples.ws("/chat/nameless"));
        assertEquals(1008, client.awaitClose().code());
        assertEquals(1008, join("nameless", "%20%20").awaitClose().code());
    }

    @Test
    void refusesOverlongNamesAndNoticeLookalikes() throws Exception {
        assertEquals(1008, join("rules", "x".repeat(25)).awaitClose().code());
        assertEquals(1008, join("rules", "*admin").awaitClose().code());
        try (JdkClient ok = join("rules", "y".repeat(24))) {
            assertEquals("* " + "y".repeat(24) + " joined", ok.nextText());
        }
    }

    @Test
    void refusesABadRoomNameWith1008() throws Exception {
        assertEquals(1008, join("no.dots", "dave").awaitClose().code());
    }
}
