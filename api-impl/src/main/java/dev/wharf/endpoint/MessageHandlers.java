package dev.wharf.endpoint;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Collections;

/**
 * The message handlers of one session and the dispatch of incoming messages to them (spec 2.1.3): at most one handler
 * per native message type [WSC-2.1.3-1], decoding, primitive conversion and stream wrapping on the way in.
 * <p>
 * Threading: {@code add}/{@code remove}/{@code handlers} may be called from any thread; they replace an immutable
 * table that dispatch reads through a volatile field. {@code onText}/{@code onBinary}/{@code onPong} are called by
 * the session one at a time, in message order. A handler chosen for the first part of a message receives the rest of
 * it even if the registration changes meanwhile (javadoc of {@code Session.addMessageHandler}).
 */
public final class MessageHandlers {

    /** {@code stream}: how a whole message is read while it arrives, or null if it is assembled first. */
    private record Entry(MessageHandler handler, Class<?> type, MessageKind kind, boolean partial,
            List<Decoder> decoders, StreamReceiver<?> stream) {
    }

    private record Table(Entry text, Entry binary, Entry pong) {
        Entry get(MessageKind kind) {
            return switch (kind) {
                case TEXT -> text;
                case BINARY -> binary;
                case PONG -> pong;
            };
        }

        Table with(MessageKind kind, Entry entry) {
            return switch (kind) {
                case TEXT -> new Table(entry, binary, pong);
                case BINARY -> new Table(text, entry, pong);
                case PONG -> new Table(text, binary, entry);
            };
        }
    }

    private final Codecs codecs;
    private volatile Table table = new Table(null, null, null);

    // State of the message in progress; touched only by the (single, sequential) dispatching caller.
    private Entry textInProgress;
    private Entry binaryInProgress;
    private StringBuilder textParts;
    private ByteArrayOutputStream binaryParts;

    public MessageHandlers(Codecs codecs) {
        this.codecs = Objects.requireNonNull(codecs, "codecs");
    }

    /**
     * Registers a handler whose message type is read from its generic interfaces. Works for classes that bind the
     * type argument of {@code MessageHandler.Whole/Partial} (anonymous classes, subclasses), not for lambdas.
     *
     * @throws IllegalStateException when the type cannot be determined, is not receivable, or its native message
     *                               type already has a handler
     */
    public void add(MessageHandler handler) {
        Objects.requireNonNull(handler, "handler");
        boolean whole = handler instanceof MessageHandler.Whole;
        boolean partial = handler instanceof MessageHandler.Partial;
        if (whole == partial) {
            throw new IllegalStateException(handler.getClass().getName()
                    + (whole ? " implements both MessageHandler.Whole and .Partial"
                            : " implements neither MessageHandler.Whole nor .Partial"));
        }
        Class<?> type = TypeResolver.typeArgument(handler.getClass(),
                whole ? MessageHandler.Whole.class : MessageHandler.Partial.class);
        if (type == null) {
            throw new IllegalStateException("Cannot determine the message type of " + handler.getClass().getName()
                    + " (a lambda or unbound type variable); use addMessageHandler(Class, handler) instead");
        }
        register(handler, type, partial);
    }

    /** Registers a whole-message handler for {@code type}. */
    public <T> void add(Class<T> type, MessageHandler.Whole<T> handler) {
        register(Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(type, "type"), false);
    }

    /** Registers a partial-message handler; only String, ByteBuffer and byte[] arrive in parts. */
    public <T> void add(Class<T> type, MessageHandler.Partial<T> handler) {
        register(Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(type, "type"), true);
    }

    /** Removes the handler if registered; a message it already started still completes with it. */
    public synchronized void remove(MessageHandler handler) {
        Table current = table;
        for (MessageKind kind : MessageKind.values()) {
            Entry entry = current.get(kind);
            if (entry != null && entry.handler().equals(handler)) {
                current = current.with(kind, null);
            }
        }
        table = current;
    }

    /** An unmodifiable snapshot of the registered handlers. */
    public Set<MessageHandler> handlers() {
        Table current = table;
        Set<MessageHandler> all = new LinkedHashSet<>();
        for (MessageKind kind : MessageKind.values()) {
            Entry entry = current.get(kind);
            if (entry != null) {
                all.add(entry.handler());
            }
        }
        return Collections.unmodifiableSet(all);
    }

    /** Whether the text handler takes parts; the session then delivers frames as they come instead of whole. */
    public boolean partialText() {
        Entry entry = table.text();
        return entry != null && entry.partial();
    }

    /** Whether the binary handler takes parts. */
    public boolean partialBinary() {
        Entry entry = table.binary();
        return entry != null && entry.partial();
    }

    /**
     * How text messages are read while they arrive, or null if they are delivered by {@link #onText}: set for a
     * {@code Reader} handler and for a decoded type whose first decoder is a {@code Decoder.TextStream}
     * ({@link StreamDecoding}). The session then feeds each message's parts to a stream the receiver reads.
     */
    @SuppressWarnings("unchecked")
    public StreamReceiver<Reader> textStreamReceiver() {
        Entry entry = table.text();
        return entry == null ? null : (StreamReceiver<Reader>) entry.stream();
    }

    /** As {@link #textStreamReceiver()}, for binary messages: {@code InputStream} or {@code Decoder.BinaryStream}. */
    @SuppressWarnings("unchecked")
    public StreamReceiver<InputStream> binaryStreamReceiver() {
        Entry entry = table.binary();
        return entry == null ? null : (StreamReceiver<InputStream>) entry.stream();
    }

    /**
     * Delivers a text message, or a part of one when the handler is partial.
     *
     * @return false when no text handler is registered (the session closes with 1003)
     * @throws Exception what decoding ({@code DecodeException}) or the handler threw; the session routes it to
     *                   {@code Endpoint.onError}
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean onText(String text, boolean last) throws Exception {
        Entry entry = textInProgress != null ? textInProgress : table.text();
        if (entry == null) {
            return false;
        }
        textInProgress = last ? null : entry;
        if (entry.partial()) {
            ((MessageHandler.Partial) entry.handler()).onMessage(text, last);
            return true;
        }
        if (!last || textParts != null) { // a whole handler fed in parts: assemble (should not happen normally)
            textParts = textParts == null ? new StringBuilder() : textParts;
            textParts.append(text);
            if (!last) {
                return true;
            }
            text = textParts.toString();
            textParts = null;
        }
        ((MessageHandler.Whole) entry.handler()).onMessage(wholeText(entry, text));
        return true;
    }

    /**
     * Delivers a binary message, or a part of one when the handler is partial.
     *
     * @return false when no binary handler is registered (the session closes with 1003)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean onBinary(ByteBuffer data, boolean last) throws Exception {
        Entry entry = binaryInProgress != null ? binaryInProgress : table.binary();
        if (entry == null) {
            return false;
        }
        binaryInProgress = last ? null : entry;
        if (entry.partial()) {
            Object part = entry.type() == byte[].class ? Decoding.bytes(data) : data;
            ((MessageHandler.Partial) entry.handler()).onMessage(part, last);
            return true;
        }
        if (!last || binaryParts != null) {
            binaryParts = binaryParts == null ? new ByteArrayOutputStream() : binaryParts;
            binaryParts.write(Decoding.bytes(data));
            if (!last) {
                return true;
            }
            data = ByteBuffer.wrap(binaryParts.toByteArray());
            binaryParts = null;
        }
        ((MessageHandler.Whole) entry.handler()).onMessage(wholeBinary(entry, data));
        return true;
    }

    /**
     * Delivers a pong as a {@code PongMessage}.
     *
     * @return false when no pong handler is registered; unsolicited pongs are legal (RFC 6455 §5.5.3), so the
     *         session should simply drop the pong rather than close
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean onPong(ByteBuffer applicationData) throws Exception {
        Entry entry = table.pong();
        if (entry == null) {
            return false;
        }
        ((MessageHandler.Whole) entry.handler()).onMessage(new Pong(applicationData));
        return true;
    }

    private synchronized void register(MessageHandler handler, Class<?> type, boolean partial) {
        Class<?> boxed = PrimitiveConversions.boxed(type);
        MessageKind kind;
        List<Decoder> decoders = List.of();
        if (partial) {
            kind = MessageKind.forPartial(boxed);
            if (kind == null) {
                throw new IllegalStateException("MessageHandler.Partial<" + boxed.getSimpleName()
                        + "> is not supported: only String, ByteBuffer and byte[] messages arrive in parts");
            }
        } else {
            List<Decoder> text = codecs.decodersFor(boxed, true);
            List<Decoder> binary = codecs.decodersFor(boxed, false);
            kind = MessageKind.forWhole(boxed, !text.isEmpty(), !binary.isEmpty());
            if (kind == null) {
                throw new IllegalStateException("Cannot receive messages as " + boxed.getName()
                        + ": not String, a primitive, Reader, ByteBuffer, byte[], InputStream or PongMessage,"
                        + " and no configured decoder produces it");
            }
            decoders = kind == MessageKind.TEXT ? text : kind == MessageKind.BINARY ? binary : List.of();
        }
        Table current = table;
        Entry existing = current.get(kind);
        if (existing != null) {
            throw new IllegalStateException("A " + kind.label() + " message handler is already registered ("
                    + existing.handler().getClass().getName() + " for " + existing.type().getSimpleName()
                    + "); cannot add " + handler.getClass().getName() + " for " + boxed.getSimpleName()
                    + ": at most one handler per native message type [WSC-2.1.3-1]");
        }
        StreamReceiver<?> stream = partial ? null : switch (kind) {
            case TEXT -> StreamDecoding.text((MessageHandler.Whole<?>) handler, boxed, decoders);
            case BINARY -> StreamDecoding.binary((MessageHandler.Whole<?>) handler, boxed, decoders);
            case PONG -> null;
        };
        table = current.with(kind, new Entry(handler, boxed, kind, partial, decoders, stream));
    }

    /**
     * The configured decoders for the handler's type come first, even for a type Wharf reads natively (String,
     * Reader, the primitives): the user configured them for it, as an encoder for a primitive wins on the way out
     * (javadoc of {@code @OnMessage}). When none accepts a natively readable message, the native form applies.
     */
    private static Object wholeText(Entry entry, String text) throws Exception {
        Class<?> type = entry.type();
        boolean nativeForm = type == String.class || type == Reader.class
                || PrimitiveConversions.isPrimitiveOrBoxed(type);
        if (!entry.decoders().isEmpty()) {
            if (!nativeForm) {
                return Decoding.text(entry.decoders(), text);
            }
            Object decoded = Decoding.tryText(entry.decoders(), text);
            if (decoded != Decoding.NOT_DECODED) {
                return decoded;
            }
        }
        if (type == String.class) {
            return text;
        }
        if (type == Reader.class) {
            return new StringReader(text);
        }
        try {
            return PrimitiveConversions.parse(text, type); // [WSC-4.7-2]
        } catch (IllegalArgumentException e) {
            throw new DecodeException(text, "Cannot convert the text message to " + type.getSimpleName(), e);
        }
    }

    /** As {@link #wholeText}: configured decoders first, then the native binary forms. */
    private static Object wholeBinary(Entry entry, ByteBuffer data) throws Exception {
        Class<?> type = entry.type();
        boolean nativeForm = type == ByteBuffer.class || type == byte[].class || type == InputStream.class;
        if (nativeForm && !entry.decoders().isEmpty()) {
            Object decoded = Decoding.tryBinary(entry.decoders(), data);
            if (decoded != Decoding.NOT_DECODED) {
                return decoded;
            }
        }
        if (type == ByteBuffer.class) {
            return data;
        }
        if (type == byte[].class) {
            return Decoding.bytes(data);
        }
        if (type == InputStream.class) {
            return Decoding.inputStream(data);
        }
        return Decoding.binary(entry.decoders(), data);
    }
}
