package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.engine.deflate.PerMessageDeflate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Fuzzes the sending side against the receiving side: fuzzed text and binary messages, cut into fuzzed fragments
 * with pings between them, encoded by one engine (client or server, with or without permessage-deflate and context
 * takeover, any compression level and threshold), then a close; the bytes are fed to an engine of the other role in
 * random pieces, delivering whole or in parts. Property: the receiver reports exactly what was sent, in order
 * (RFC 6455 §5.4 fragmentation, §5.5 control frames between fragments, §5.3 masking, RFC 7692), answers each ping
 * with its payload and echoes the close. Text goes out as UTF-8, so an unpaired surrogate arrives as '?'.
 */
class RoundTripFuzzTest {

    private static final HexFormat HEX = HexFormat.of();

    @FuzzTest(maxDuration = "60s")
    void whatOneEngineSendsTheOtherReceives(FuzzedDataProvider data) {
        Role writerRole = data.consumeBoolean() ? Role.CLIENT : Role.SERVER;
        Role readerRole = writerRole == Role.CLIENT ? Role.SERVER : Role.CLIENT;
        boolean deflate = data.consumeBoolean();
        boolean takeover = data.consumeBoolean();
        int level = data.consumeInt(-1, 9);
        int threshold = data.consumeInt(0, 20);
        boolean partial = data.consumeBoolean();
        long splitSeed = data.consumeLong();

        EventLog ignored = new EventLog(writerRole);
        Engine writer = new Engine(config(writerRole, deflate
                ? new PerMessageDeflate(level, takeover, true, threshold) : null), ignored, ignored);
        EventLog log = new EventLog(readerRole);
        Engine reader = new Engine(config(readerRole, deflate
                ? new PerMessageDeflate(-1, true, takeover, PerMessageDeflate.DEFAULT_THRESHOLD) : null), log, log);
        reader.setPartialText(partial);
        reader.setPartialBinary(partial);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        int messages = data.consumeInt(0, 6);
        for (int m = 0; m < messages && data.remainingBytes() > 0; m++) {
            boolean text = data.consumeBoolean();
            int fragments = data.consumeInt(1, 4);
            String string = text ? data.consumeString(200) : null;
            byte[] bytes = text ? null : data.consumeBytes(data.consumeInt(0, 400));
            int length = text ? string.length() : bytes.length;
            int[] cuts = new int[fragments + 1];
            cuts[fragments] = length;
            for (int f = 1; f < fragments; f++) {
                cuts[f] = data.consumeInt(cuts[f - 1], length);
            }
            for (int f = 0; f < fragments; f++) {
                boolean last = f == fragments - 1;
                write(wire, text ? writer.encodeText(string.substring(cuts[f], cuts[f + 1]), last)
                        : writer.encodeBinary(ByteBuffer.wrap(bytes, cuts[f], cuts[f + 1] - cuts[f]), last));
                if (!last && data.consumeInt(0, 3) == 0) {
                    byte[] ping = data.consumeBytes(data.consumeInt(0, 125));
                    write(wire, writer.encodePing(ByteBuffer.wrap(ping)));
                    expected.add("sent:pong:" + HEX.formatHex(ping));
                    expected.add("ping:" + HEX.formatHex(ping));
                }
            }
            // The writer sends UTF-8: an unpaired surrogate becomes '?', as String.getBytes makes it.
            expected.add(text ? "text:" + new String(string.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                    : "binary:" + HEX.formatHex(bytes));
        }
        write(wire, writer.encodeClose(1000, "bye"));
        expected.add("sent:close:1000");
        expected.add("close:1000:bye");

        byte[] all = wire.toByteArray();
        Random random = new Random(splitSeed);
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 700));
            reader.receive(ByteBuffer.wrap(all, at, n));
            at += n;
        }
        assertEquals(List.of(), log.breaches, "listener contract");
        assertEquals(expected, log.events, "what was sent, in order");
        reader.receiveEnd();
        writer.receiveEnd(); // the writer's deflater is native memory: give it back now, not at some GC
    }

    private static EngineConfig config(Role role, PerMessageDeflate deflate) {
        EngineConfig.Builder b = EngineConfig.builder(role).maxTextMessageSize(-1).maxBinaryMessageSize(-1);
        if (deflate != null) {
            b.extensions(List.of(deflate));
        }
        return b.build();
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer[] frame) {
        for (ByteBuffer b : frame) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.writeBytes(a);
        }
    }
}
