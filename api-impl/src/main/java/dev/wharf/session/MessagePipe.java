package dev.wharf.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * One incoming message on its way to a {@code Reader} or {@code InputStream} handler while it is still arriving: the
 * reader thread {@link #offer}s its parts, the handler reads them on the session's dispatch thread.
 *
 * <p>Memory: the parts waiting here are counted in the session's inbound bytes, which suspend reading past the
 * high-water mark, so the pipe never holds more than that bound; {@code consumed} is told of every part taken out
 * (or dropped) so the count comes down again. The feeding side never blocks: it runs on the container's I/O thread.
 */
final class MessagePipe {

    private final LongConsumer consumed;
    private final ArrayDeque<Object> parts = new ArrayDeque<>(); // String or ByteBuffer
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private boolean finished;
    private boolean abandoned;
    private IOException failure;

    /** @param consumed told the accounted size of each part once it leaves the pipe */
    MessagePipe(LongConsumer consumed) {
        this.consumed = consumed;
    }

    /**
     * Adds a part, accounted as {@code size}. Returns false, keeping nothing, once the reading side is gone or the
     * pipe failed: the caller then must not count the part.
     */
    synchronized boolean offer(Object part, long size, boolean last) {
        if (abandoned || failure != null) {
            return false;
        }
        parts.add(part);
        sizes.add(size);
        finished = last;
        notifyAll();
        return true;
    }

    /** Ends the message with an error: reads after the parts already here throw it. */
    void fail(IOException cause) {
        long dropped;
        synchronized (this) {
            if (finished || failure != null || abandoned) {
                return;
            }
            failure = cause;
            dropped = clear();
            notifyAll();
        }
        consumed.accept(dropped);
    }

    /** The handler returned: drop whatever it did not read, and everything offered later. */
    void abandon() {
        long dropped;
        synchronized (this) {
            abandoned = true;
            dropped = clear();
            notifyAll();
        }
        consumed.accept(dropped);
    }

    private long clear() {
        long total = 0;
        for (Long s : sizes) {
            total += s;
        }
        parts.clear();
        sizes.clear();
        return total;
    }

    /** Waits for the next part: null at the end of the message. */
    private Object take() throws IOException {
        synchronized (this) {
            while (parts.isEmpty()) {
                if (abandoned) {
                    throw new IOException("the message stream is closed");
                }
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                if (finished) {
                    return null;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading a message");
                }
            }
            return parts.peek();
        }
    }

    /** Removes the head part once fully read, releasing its accounted size. */
    private void release() {
        long size;
        synchronized (this) {
            parts.poll();
            size = sizes.poll();
        }
        consumed.accept(size);
    }

    /** The message as text; closing the reader abandons the rest. */
    Reader reader() {
        return new Reader() {
            private int offset; // into the head part

            @Override
            public int read(char[] target, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, target.length);
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    String head = (String) take();
                    if (head == null) {
                        return -1;
                    }
                    int n = Math.min(len, head.length() - offset);
                    if (n > 0) {
                        head.getChars(offset, offset + n, target, off);
                        offset += n;
                    }
                    if (offset == head.length()) {
                        offset = 0;
                        release();
                    }
                    if (n > 0) {
                        return n;
                    }
                }
            }

            @Override
            public void close() {
                abandon();
            }
        };
    }

    /** The message as bytes; closing the stream abandons the rest. */
    InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, target.length);
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    ByteBuffer head = (ByteBuffer) take();
                    if (head == null) {
                        return -1;
                    }
                    int n = Math.min(len, head.remaining());
                    head.get(target, off, n);
                    if (!head.hasRemaining()) {
                        release();
                    }
                    if (n > 0) {
                        return n;
                    }
                }
            }

            @Override
            public void close() {
                abandon();
            }
        };
    }
}
