package dev.wharf.session;

import java.nio.ByteBuffer;

/**
 * Times a session's pings: remembers when the latest ping went out and a fingerprint of its payload, and tells the
 * round trip when a pong with the same payload comes back (RFC 6455 §5.5.3: a pong echoes its ping's payload). Only
 * the latest ping is timed: a peer may answer only the latest of several pings (§5.5.3), and a pong for an older one,
 * an unsolicited pong or a second pong for the same ping is not counted. Pings with identical payloads (say, empty
 * ones) are told apart by nothing, so a late pong to an older one times the latest.
 *
 * <p>One writer at a time sends pings (under the session's send lock) and one thread at a time receives pongs (the
 * session's reader); no lock is taken and nothing is allocated. A sequence number, odd while a ping is being noted,
 * keeps a pong from pairing one ping's fingerprint with another's send time.
 */
final class PingClock {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Even when no ping is being noted; grows by two per ping. */
    private volatile long sequence;
    private volatile long fingerprint;
    private volatile long sentNanos;
    /** The sequence of the ping last answered, so a second pong to it is not counted. Written by the reader only. */
    private volatile long answered = -1;

    /** A ping with {@code payload} (not consumed) is queued now. Under the send lock. */
    void pingSent(ByteBuffer payload) {
        long s = sequence;
        sequence = s + 1;
        fingerprint = fingerprint(payload);
        sentNanos = System.nanoTime();
        sequence = s + 2;
    }

    /**
     * A pong with {@code payload} (not consumed) arrived: the round trip in nanoseconds if it answers the latest ping
     * and is the first to, otherwise -1. On the reading thread.
     */
    long pongReceived(ByteBuffer payload) {
        long now = System.nanoTime();
        long s = sequence;
        if (s == 0 || (s & 1) != 0 || answered == s) {
            return -1; // no ping yet, one being noted right now, or this one answered already
        }
        long print = fingerprint;
        long sent = sentNanos;
        if (sequence != s || print != fingerprint(payload)) {
            return -1;
        }
        answered = s;
        return now - sent;
    }

    /** FNV-1a over the length and the bytes: a control payload is at most 125 bytes (RFC 6455 §5.5). */
    private static long fingerprint(ByteBuffer payload) {
        long h = (FNV_OFFSET ^ payload.remaining()) * FNV_PRIME;
        for (int i = payload.position(); i < payload.limit(); i++) {
            h = (h ^ (payload.get(i) & 0xff)) * FNV_PRIME;
        }
        return h;
    }
}
