package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomSubscriptionsTest {

    private final List<String> sent = new ArrayList<>();
    private final RoomSubscriptions subscriptions = new RoomSubscriptions(new RoomSubscriptions.Commands() {
        @Override
        public void subscribe(String room) {
            sent.add("+" + room);
        }

        @Override
        public void unsubscribe(String room) {
            sent.add("-" + room);
        }
    });

    @Test
    @DisplayName("a command goes out only when a room's count leaves or reaches zero")
    void countsMembers() {
        subscriptions.add("a");
        subscriptions.add("a");
        subscriptions.remove("a");
        subscriptions.remove("a");
        subscriptions.remove("a");
        assertEquals(List.of("+a", "-a"), sent);
    }

    @Test
    @DisplayName("a confirmation that disagrees with what is wanted is answered with the correcting command")
    void correctsDisagreeingConfirmations() {
        subscriptions.add("a");
        subscriptions.remove("a");
        sent.clear();
        subscriptions.confirmedSubscribed("a");   // the reply to the first SUBSCRIBE: no longer wanted
        subscriptions.confirmedUnsubscribed("a"); // agrees
        subscriptions.add("b");
        subscriptions.confirmedSubscribed("b");   // agrees
        subscriptions.confirmedUnsubscribed("b"); // a stale UNSUBSCRIBE's reply: still wanted
        assertEquals(List.of("-a", "+b", "+b"), sent);
    }

    @Test
    @DisplayName("a resync subscribes every wanted room and unsubscribes confirmed ones no longer wanted")
    void resyncs() {
        subscriptions.add("kept");
        subscriptions.confirmedSubscribed("kept");
        subscriptions.add("gone");
        subscriptions.confirmedSubscribed("gone");
        subscriptions.remove("gone");
        sent.clear();
        subscriptions.resync();
        assertEquals(List.of("+kept", "-gone"), sent);
        assertEquals(1, subscriptions.rooms());
    }
}
