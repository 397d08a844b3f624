package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.LoadClient;
import java.util.function.BooleanSupplier;

/**
 * One workload against one running server. A scenario opens its own connections on the given client, runs a warm-up
 * and a measured window, checks every payload it gets back, and closes what it opened.
 */
public interface Scenario {

    String name();

    Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception;

    /** Warm-up and measured window lengths, in milliseconds. */
    record Timing(long warmupMillis, long measureMillis) {}

    /** Waits until {@code condition} holds or {@code millis} pass; returns whether it holds. */
    static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** {@code n} as hexadecimal ASCII, exactly 16 digits, into {@code dst} at {@code offset}. */
    static void putHex(long n, byte[] dst, int offset) {
        for (int i = 15; i >= 0; i--) {
            int digit = (int) (n & 0xF);
            dst[offset + i] = (byte) (digit < 10 ? '0' + digit : 'a' + digit - 10);
            n >>>= 4;
        }
    }

    /** Parses 16 hexadecimal ASCII digits at {@code offset}; -1 if they are not hexadecimal. */
    static long getHex(byte[] src, int offset) {
        long n = 0;
        for (int i = 0; i < 16; i++) {
            int c = src[offset + i];
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            n = (n << 4) | digit;
        }
        return n;
    }
}
