package dev.wharf.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A write straight to a plain socket channel, past the host's own write path. A few small frames are copied once, into
 * a direct buffer of the writing thread's, and go out in one system call. A host's way either copies each frame into
 * its heap socket buffer and hands that to the JDK, which copies it again into a temporary direct buffer (Tomcat), or
 * hands the heap frames to a gathering write, which takes one temporary direct buffer per frame (Jetty's
 * {@code SocketChannelEndPoint.flush}). A larger write goes out from the frames themselves in pieces of at most
 * {@link #PIECE} bytes: Tomcat's way writes a large buffer {@code socket.appWriteBufSize} (8 KiB) at a time, 128
 * system calls per MiB.
 *
 * <p>Public for the host-specific transports in {@code dev.wharf.servlet.tomcat} and {@code dev.wharf.servlet.jetty}
 * (whose Jetty classes live in a class loader of their own); not an API for applications.
 */
public final class DirectWrite {

    /**
     * The most bytes one write copies into the thread's buffer; larger ones go out from the frames themselves. Each
     * writing thread keeps a direct buffer this large for good, so it stays small: a small echo's or a broadcast's
     * batch of frames fits many times over.
     */
    public static final int LIMIT = 16 * 1024;
    /**
     * The most bytes one system call of a larger write offers: the JDK copies a heap buffer into a temporary direct
     * buffer of its size, which the writing thread then keeps, so this bounds what each thread that wrote a large
     * message keeps (a host's own way keeps one as large as the largest frame: 1 MiB and more) while a 1 MiB message
     * takes 4 calls instead of 128. 64 KiB pieces (16 calls) cost a quarter more CPU per MiB in the 1 MiB echo, most of
     * it system time (docs/BENCHMARKS.md, "Session 12 (coordinator)").
     */
    public static final int PIECE = 256 * 1024;

    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(LIMIT));

    private DirectWrite() {
    }

    /**
     * Writes what {@code buffers[from..]} hold to {@code channel} (non-blocking) as far as the socket takes it, and
     * consumes that much of them, in order: up to {@link #LIMIT} bytes in one call through the thread's buffer, more
     * in pieces from the buffers themselves.
     *
     * @return true if all of it went out
     */
    public static boolean write(WritableByteChannel channel, ByteBuffer[] buffers, int from) throws IOException {
        long size = 0;
        for (int i = from; i < buffers.length; i++) {
            size += buffers[i].remaining();
        }
        if (size > LIMIT) {
            return writeInPieces(channel, buffers, from);
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

    /**
     * Writes each buffer in views of at most {@link #PIECE} bytes until the socket takes less than a view holds. A
     * small buffer followed by another (a large frame's header) goes out in the same call as the next one's first
     * piece, where the channel gathers: alone it would be a system call of its own and a TCP segment of a few bytes,
     * which wakes the peer for nothing (strace of the 1 MiB echo: a 10-byte write before every message's 4 pieces).
     */
    private static boolean writeInPieces(WritableByteChannel channel, ByteBuffer[] buffers, int from)
            throws IOException {
        for (int i = from; i < buffers.length; i++) {
            ByteBuffer b = buffers[i];
            if (channel instanceof GatheringByteChannel gathering && b.hasRemaining() && b.remaining() <= LIMIT
                    && i + 1 < buffers.length) {
                if (!writeWithNextPiece(gathering, b, buffers[i + 1])) {
                    return false;
                }
                continue; // b is out; the next buffer's rest goes on below
            }
            while (b.hasRemaining()) {
                ByteBuffer piece = b.duplicate();
                piece.limit(piece.position() + Math.min(PIECE, piece.remaining()));
                int sent = channel.write(piece);
                b.position(b.position() + sent);
                if (piece.hasRemaining()) {
                    return false; // the socket is full: the rest goes the host's way, which waits for room
                }
            }
        }
        return true;
    }

    /**
     * {@code small} and the first piece of {@code next} in one gathering call. {@code small} is copied into the
     * thread's direct buffer first: given as a heap buffer, the JDK would take a temporary direct buffer for it from
     * the thread's cache, the one the piece needs, and the thread would keep two of {@link #PIECE} bytes.
     */
    private static boolean writeWithNextPiece(GatheringByteChannel channel, ByteBuffer small, ByteBuffer next)
            throws IOException {
        int n = small.remaining();
        ByteBuffer out = BUFFER.get();
        out.clear();
        out.put(0, small, small.position(), n);
        out.limit(n);
        ByteBuffer piece = next.duplicate();
        piece.limit(piece.position() + Math.min(PIECE, piece.remaining()));
        channel.write(new ByteBuffer[] {out, piece});
        small.position(small.position() + out.position());
        next.position(piece.position());
        return !out.hasRemaining() && !piece.hasRemaining();
    }
}
