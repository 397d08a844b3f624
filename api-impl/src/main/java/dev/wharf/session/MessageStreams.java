package dev.wharf.session;

import dev.wharf.endpoint.MessageHandlers;
import dev.wharf.endpoint.StreamReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Streams incoming messages to {@code Reader}/{@code InputStream} handlers, and to stream decoders
 * ({@code Decoder.TextStream}/{@code BinaryStream}), as they arrive, instead of assembling them whole first: at a
 * message's first part a {@link MessagePipe} is opened and the {@link StreamReceiver} is queued on the session's
 * dispatcher, where it reads the pipe (blocking on it for parts still on the network) while the reader thread keeps
 * feeding it. A decoder's result goes to the handler on the same dispatcher turn, right after decoding. User code
 * still runs only on the dispatcher, one callback at a time ([WSC-5.1-2]); what arrives behind the streamed message is
 * delivered after the receiver returns. What the receiver throws (a {@code DecodeException}, say) goes to
 * {@code onError} like any handler's exception, and the unread rest of the message is dropped.
 *
 * <p>Limits: a streamed message is bounded like an assembled one, by the session's
 * {@code maxText/BinaryMessageBufferSize} (which {@code @OnMessage(maxMessageSize)} sets): past it the read fails
 * with an {@code IOException} and the session closes with 1009 [WSC-4.7.1-1]. Memory is bounded separately, by
 * the session's inbound high-water mark, whatever the limit.
 *
 * <p>Threads: {@link #text} and {@link #binary} are called by the reader thread only, one engine event at a time;
 * {@link #fail} from any thread.
 */
final class MessageStreams {

    /** What the session lends the streams. */
    interface Host {
        /** Counts bytes waiting for the endpoint (may suspend reading). */
        void reserve(long bytes);

        /** Uncounts them (may resume reading). */
        void release(long bytes);

        /**
         * Queues the receiver's run on the dispatcher, with the session's error routing; {@code after} runs once
         * the receiver returned or threw, or instead of it if the session closed first.
         */
        void deliver(Run receiverRun, Runnable after);

        /** The streamed message passed the session's message size limit. */
        void tooBig(boolean text, long limit);

        long maxText();

        long maxBinary();
    }

    /** A receiver's run over its stream. */
    interface Run {
        void run() throws Exception;
    }

    private final MessageHandlers handlers;
    private final Host host;
    /** The message being streamed, or null; set by the reader thread, failed from anywhere. */
    private volatile MessagePipe current;
    private boolean currentIsText;
    private long currentSize;

    MessageStreams(MessageHandlers handlers, Host host) {
        this.handlers = handlers;
        this.host = host;
    }

    /** @return false if this text part is not for a streaming handler: the caller delivers it as usual */
    boolean text(String part, boolean last) {
        MessagePipe pipe = current;
        if (pipe == null) {
            StreamReceiver<Reader> receiver = handlers.textStreamReceiver();
            if (receiver == null) {
                return false;
            }
            pipe = open(true);
            MessagePipe started = pipe;
            host.deliver(() -> receiver.receive(started.reader()), started::abandon);
        } else if (!currentIsText) {
            return false; // cannot happen: RFC 6455 §5.4 keeps one data message in progress at a time
        }
        feed(pipe, part, part.length(), utf8Length(part), last);
        return true;
    }

    /** @return false if this binary part is not for a streaming handler */
    boolean binary(ByteBuffer part, boolean last) {
        MessagePipe pipe = current;
        if (pipe == null) {
            StreamReceiver<InputStream> receiver = handlers.binaryStreamReceiver();
            if (receiver == null) {
                return false;
            }
            pipe = open(false);
            MessagePipe started = pipe;
            host.deliver(() -> receiver.receive(started.inputStream()), started::abandon);
        } else if (currentIsText) {
            return false;
        }
        feed(pipe, part, part.remaining(), part.remaining(), last);
        return true;
    }

    /**
     * The connection or session ended: a handler still reading the message being streamed, if any, gets
     * {@code cause} instead of waiting forever. The cause is made only then: every closing connection calls this,
     * and an exception's stack trace is the dearest part of a close.
     */
    void fail(Supplier<IOException> cause) {
        MessagePipe pipe = current;
        if (pipe != null) {
            pipe.fail(cause.get());
        }
    }

    private MessagePipe open(boolean text) {
        MessagePipe pipe = new MessagePipe(host::release);
        current = pipe;
        currentIsText = text;
        currentSize = 0;
        return pipe;
    }

    private void feed(MessagePipe pipe, Object part, long accounted, long bytes, boolean last) {
        if (last) {
            current = null;
        }
        currentSize += bytes;
        long limit = currentIsText ? host.maxText() : host.maxBinary();
        if (limit > 0 && currentSize > limit) {
            // The limit a buffered message has (setMaxTextMessageBufferSize, @OnMessage(maxMessageSize)) holds for a
            // streamed one too, read by a handler or a stream decoder alike, though memory no longer needs it: an
            // application sets one bound per message whatever form receives it. The rest of the message is dropped.
            if (currentSize - bytes <= limit) {
                pipe.fail(new IOException("message larger than " + limit + " bytes"));
                host.tooBig(currentIsText, limit);
            }
            return;
        }
        host.reserve(accounted);
        if (!pipe.offer(part, accounted, last)) {
            host.release(accounted); // the handler already returned or the message failed
        }
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
