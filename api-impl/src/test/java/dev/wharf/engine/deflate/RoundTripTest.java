package dev.wharf.engine.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.engine.Engine;
import dev.wharf.engine.Role;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Random messages, fragmented at random and delivered in random splits, through two engines with the extension. */
class RoundTripTest {

    @ParameterizedTest(name = "sender {0}, context takeover {1}, threshold {2}")
    @CsvSource({
        "SERVER, true, 0", "SERVER, false, 0", "SERVER, true, 16", "SERVER, false, 16",
        "CLIENT, true, 0", "CLIENT, false, 0", "CLIENT, true, 16", "CLIENT, false, 16"})
    @DisplayName("random messages survive compression, fragmentation and arbitrary input splits")
    void randomMessagesRoundTrip(Role senderRole, boolean takeover, int threshold) {
        Random random = new Random(senderRole.ordinal() * 4 + (takeover ? 2 : 0) + threshold);
        Role receiverRole = senderRole == Role.SERVER ? Role.CLIENT : Role.SERVER;
        // The sender's outbound takeover is the receiver's inbound one (as the handshake agrees them).
        PerMessageDeflate out = new PerMessageDeflate(-1, takeover, !takeover, threshold);
        PerMessageDeflate in = new PerMessageDeflate(-1, !takeover, takeover, 0);
        Peer sender = new Peer(senderRole, out);
        Peer receiver = new Peer(receiverRole, 1 << 22, in);
        List<Object> sent = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int m = 0; m < 120; m++) {
            boolean text = random.nextBoolean();
            byte[] payload = randomPayload(random, text);
            sent.add(text ? new String(payload, java.nio.charset.StandardCharsets.US_ASCII) : payload);
            int frames = 1 + random.nextInt(4);
            int at = 0;
            for (int f = 0; f < frames; f++) {
                boolean last = f == frames - 1;
                int end = last ? payload.length : at + random.nextInt(payload.length - at + 1);
                ByteBuffer part = ByteBuffer.wrap(payload, at, end - at);
                ByteBuffer[] frame = text
                        ? sender.engine.encodeText(java.nio.charset.StandardCharsets.US_ASCII.decode(part), last)
                        : sender.engine.encodeBinary(part, last);
                wire.writeBytes(Peer.concat(frame));
                at = end;
            }
        }
        feedInRandomSplits(receiver.engine, wire.toByteArray(), random);
        assertEquals(-1, receiver.failureCode(), receiver.events.toString());
        assertEquals(sent.size(), receiver.messages.size());
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) receiver.messages.get(i), "message " + i);
            } else {
                assertEquals(sent.get(i), receiver.messages.get(i), "message " + i);
            }
        }
        assertFalse(out.holdsDeflater() || in.holdsInflater(), "codecs go back to the pool when each message ends");
        assertEquals(takeover, out.historyBytes() > 0, "history is kept between messages only with takeover");
        assertEquals(takeover, in.historyBytes() > 0, "history is kept between messages only with takeover");
        assertTrue(out.historyBytes() <= 32768 && in.historyBytes() <= 32768, "at most a 15-bit window each");
    }

    /** Sometimes empty, sometimes tiny, sometimes large; compressible (repetitive) or not (random). */
    static byte[] randomPayload(Random random, boolean ascii) {
        int size = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(20);
            case 2 -> random.nextInt(2000);
            case 3 -> random.nextInt(70_000);
            default -> random.nextInt(300);
        };
        byte[] b = new byte[size];
        boolean repetitive = random.nextBoolean();
        for (int i = 0; i < size; i++) {
            int v = repetitive ? "the quick brown fox ".charAt(i % 20) : random.nextInt(256);
            b[i] = (byte) (ascii ? 0x20 + (v & 0x3F) : v);
        }
        return b;
    }

    static void feedInRandomSplits(Engine engine, byte[] wire, Random random) {
        int at = 0;
        while (at < wire.length) {
            int n = Math.min(wire.length - at, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(9000));
            engine.receive(ByteBuffer.wrap(wire, at, n));
            at += n;
        }
    }
}
