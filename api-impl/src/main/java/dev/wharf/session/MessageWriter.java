package dev.wharf.session;

import java.io.IOException;
import java.io.Writer;

/**
 * {@code getSendWriter()}: one text message written as a stream, sent as fragments like {@link MessageOutputStream}.
 * A fragment never ends between the two halves of a surrogate pair, so each one is valid UTF-8 on its own.
 */
final class MessageWriter extends Writer {

    private static final int FRAGMENT = 8 * 1024;

    private final BasicRemote remote;
    private final StringBuilder buffer = new StringBuilder();
    private boolean closed;

    MessageWriter(BasicRemote remote) {
        this.remote = remote;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        ensureOpen();
        buffer.append(cbuf, off, len);
        if (buffer.length() >= FRAGMENT) {
            sendFragment(false);
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (buffer.length() > 0) {
            sendFragment(false);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            remote.sendText(buffer.toString(), true, false);
            buffer.setLength(0);
        }
    }

    private void sendFragment(boolean last) throws IOException {
        int end = buffer.length();
        if (!last && end > 0 && Character.isHighSurrogate(buffer.charAt(end - 1))) {
            end--; // keep the pair together in the next fragment
        }
        remote.sendText(buffer.substring(0, end), last, false);
        buffer.delete(0, end);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the message writer is closed");
        }
    }
}
