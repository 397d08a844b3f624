package dev.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.rooms.RoomMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    @DisplayName("an envelope carries kind and payload unchanged and names its sender")
    void roundTrips() {
        byte[] me = Envelope.newServerId();
        byte[] other = Envelope.newServerId();
        byte[] payload = {0, (byte) 0x80, (byte) 0xff};
        byte[] bytes = Envelope.encode(me, new RoomMessage(false, payload));
        RoomMessage back = Envelope.decode(bytes);
        assertFalse(back.text());
        assertArrayEquals(payload, back.payload());
        assertTrue(Envelope.sentBy(me, bytes));
        assertFalse(Envelope.sentBy(other, bytes));
        assertTrue(Envelope.decode(Envelope.encode(me, new RoomMessage(true, new byte[0]))).text());
    }

    @Test
    @DisplayName("anything that is not an envelope of this version is dropped")
    void rejectsForeignMessages() {
        assertNull(Envelope.decode("hello".getBytes()));
        byte[] bytes = Envelope.encode(Envelope.newServerId(), new RoomMessage(true, new byte[] {1}));
        bytes[0] = 2;
        assertNull(Envelope.decode(bytes));
        bytes[0] = Envelope.VERSION;
        bytes[17] = 9;
        assertNull(Envelope.decode(bytes));
    }
}
