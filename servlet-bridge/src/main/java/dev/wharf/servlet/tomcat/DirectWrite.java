package dev.wharf.servlet.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A write of a few small frames straight to a plain socket channel, past Tomcat's socket buffer: the frames are
 * copied once, into a direct buffer of the writing thread's, and go out in one system call. Tomcat's way copies each
 * frame into its heap socket buffer, and its flush hands that to the JDK, which copies it again into a temporary
 * direct buffer; a gathering write of the heap frames themselves would take one temporary direct buffer per frame.
 */
final class DirectWrite {

    /**
     * The most bytes one write sends this way; larger ones go Tomcat's way. Each writing thread keeps a direct buffer
     * this large for good, so it stays small: a small echo's or a broadcast's batch of frames fits many times over.
     */
    static final int LIMIT = 16 * 1024;

    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(LIMIT));

    private DirectWrite() {
    }

    /**
     * Writes what {@code buffers[from..]} hold to {@code channel} (non-blocking) as far as the socket takes it, and
     * consumes that much of them, in order. Writes nothing if they hold more than {@link #LIMIT} bytes.
     *
     * @return true if all of it went out
     */
    static boolean write(WritableByteChannel channel, ByteBuffer[] buffers, int from) throws IOException {
        long size = 0;
        for (int i = from; i < buffers.length; i++) {
            size += buffers[i].remaining();
        }
        if (size > LIMIT) {
            return false;
        }
        ByteBuffer out = BUFFER.get();
        out.clear();
        int at = 0;
        for (int i = from; i < buffers.length; i++) {
            ByteBuffer b = buffers[i];
            int n = b.remaining();
            out.put(at, b, b.position(), n); // absolute: the frames stay as they were until we know what went out
            at += n;
        }
        out.limit(at);
        int sent = channel.write(out);
        for (int i = from; i < buffers.length && sent > 0; i++) {
            ByteBuffer b = buffers[i];
            int n = Math.min(sent, b.remaining());
            b.position(b.position() + n);
            sent -= n;
        }
        return !out.hasRemaining();
    }
}
