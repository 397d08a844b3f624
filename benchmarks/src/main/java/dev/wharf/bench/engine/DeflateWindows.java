package dev.wharf.bench.engine;

import dev.wharf.engine.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.Deflater;

/**
 * Compression ratio of permessage-deflate by window size and memory level, on chat-like JSON messages of 160-330
 * bytes with context takeover, against {@code java.util.zip} (zlib, 15-bit window): the figures behind the defaults
 * in docs/DEFLATE.md. Times are the thread's CPU time per message (not wall time, which a loaded machine makes
 * meaningless), over the measured pass; the benchmark scenarios measure a server's CPU.
 *
 * <pre>java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath/wharf.txt) dev.wharf.bench.engine.DeflateWindows</pre>
 */
public final class DeflateWindows {

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace"};
    private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be"
            + " this have from or one had by word but not what all were we when your can said there use an each which"
            + " she do how their if will up other about out many then them these so some her would make like him into"
            + " time has look two more write go see number no way could people my than first water been call who oil"
            + " its now find long down day did get come made may part").split(" ");

    private DeflateWindows() {
    }

    static List<byte[]> messages(long seed, int n) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder();
            int len = 120 + r.nextInt(160);
            while (text.length() < len) {
                text.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            String m = "{\"type\":\"chat.message\",\"id\":\"" + UUID.nameUUIDFromBytes(("" + seed + i).getBytes())
                    + "\",\"room\":\"general\",\"from\":\"" + USERS[r.nextInt(USERS.length)]
                    + "\",\"sentAt\":\"2026-12-06T11:" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "."
                    + r.nextInt(1000) + "Z\",\"text\":\"" + text.toString().trim() + "\",\"reactions\":[]}";
            out.add(m.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    public static void main(String[] args) {
        List<byte[]> messages = messages(1, 2000);
        long plain = messages.stream().mapToLong(m -> m.length).sum();
        System.out.printf("%d messages, mean %d bytes%n", messages.size(), plain / messages.size());
        for (int pass = 0; pass < 3; pass++) {
            System.out.println(pass < 2 ? "-- warm-up pass --" : "-- measured pass --");
            for (boolean takeover : new boolean[] {true, false}) {
                Deflater zlib = new Deflater(6, true);
                long compressed = 0;
                long t0 = cpuNanos();
                byte[] buffer = new byte[4096];
                for (byte[] m : messages) {
                    if (!takeover) {
                        zlib.reset();
                    }
                    zlib.setInput(m);
                    compressed += zlib.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH) - 4;
                }
                zlib.end();
                report("zlib level 6, 15 bits, memLevel 8, takeover " + takeover, compressed, plain, t0, messages);
            }
            for (int memLevel : new int[] {1, 4, 8}) {
                for (int bits = 8; bits <= 15; bits++) {
                    // Without takeover at 15 bits zlib compresses (MessageCompressor); at 12 our own compressor does.
                    boolean[] takeovers = bits == 15 || bits == 12 ? new boolean[] {true, false} : new boolean[] {true};
                    for (boolean takeover : takeovers) {
                        PerMessageDeflate ours = new PerMessageDeflate(6, memLevel, bits, takeover, 15, false, 0);
                        long compressed = 0;
                        long t0 = cpuNanos();
                        for (byte[] m : messages) {
                            ours.beginOutbound(true, ByteBuffer.wrap(m), true);
                            compressed += ours.encode(ByteBuffer.wrap(m), true).remaining();
                        }
                        report("ours level 6, " + bits + " bits, memLevel " + memLevel + ", takeover " + takeover
                                + ", history " + ours.historyBytes() + " B", compressed, plain, t0, messages);
                        ours.release();
                    }
                }
            }
        }
    }

    private static void report(String what, long compressed, long plain, long t0, List<byte[]> messages) {
        System.out.printf("%-70s ratio %.3f  %6.1f µs/msg%n", what, (double) compressed / plain,
                (cpuNanos() - t0) / 1e3 / messages.size());
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
