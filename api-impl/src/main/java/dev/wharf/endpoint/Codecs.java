package dev.wharf.endpoint;

import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The encoder and decoder instances of one session: a new instance of each configured class per connection
 * [WSC-4.1.2-1], [WSC-4.1.3-1], initialised with the endpoint's configuration and destroyed once with the session.
 * <p>
 * Thread-safety: {@link #encode} may be called from any thread; the session serialises sends so no two threads are
 * in one encoder at a time.
 */
public final class Codecs {

    /** Sets {@link #destroyed} once; a handle rather than an AtomicBoolean, which every session would carry. */
    private static final VarHandle DESTROYED;

    static {
        try {
            DESTROYED = MethodHandles.lookup().findVarHandle(Codecs.class, "destroyed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<Decoder> decoders;
    private final List<Class<?>> decoderTypes;
    private final List<Encoder> encoders;
    private final List<Class<?>> encoderTypes;
    /** The encoder chosen for each class sent; null when no encoder is configured, as then there is none to choose. */
    private final ConcurrentMap<Class<?>, Optional<Encoder>> encoderByClass;
    private volatile boolean destroyed;

    /**
     * Instantiates each class with its public no-arg constructor and calls {@code init(config)}, in list order.
     *
     * @throws IllegalArgumentException when a class cannot be instantiated (already-initialised ones are destroyed)
     */
    public Codecs(List<Class<? extends Decoder>> decoders, List<Class<? extends Encoder>> encoders,
            EndpointConfig config) {
        List<Decoder> decoderInstances = new ArrayList<>();
        List<Encoder> encoderInstances = new ArrayList<>();
        try {
            for (Class<? extends Decoder> type : decoders) {
                Decoder decoder = instantiate(type);
                decoder.init(config);
                decoderInstances.add(decoder);
            }
            for (Class<? extends Encoder> type : encoders) {
                Encoder encoder = instantiate(type);
                encoder.init(config);
                encoderInstances.add(encoder);
            }
        } catch (RuntimeException e) {
            decoderInstances.forEach(Codecs::quietlyDestroy);
            encoderInstances.forEach(Codecs::quietlyDestroy);
            throw e;
        }
        this.decoders = List.copyOf(decoderInstances);
        this.encoders = List.copyOf(encoderInstances);
        this.decoderTypes = decoders.isEmpty() ? List.of()
                : decoders.stream().<Class<?>>map(CodecTypes::targetType).toList();
        this.encoderTypes = encoders.isEmpty() ? List.of()
                : encoders.stream().<Class<?>>map(CodecTypes::targetType).toList();
        this.encoderByClass = encoders.isEmpty() ? null : new ConcurrentHashMap<>();
    }

    /** The T of a Decoder/Encoder class ({@code Decoder.Text<T>} etc.), resolved through its hierarchy; or null. */
    public static Class<?> targetType(Class<?> encoderOrDecoderClass) {
        return CodecTypes.targetType(encoderOrDecoderClass);
    }

    /** Whether {@link #destroy} has nothing to call: no decoder or encoder is configured. */
    public boolean isEmpty() {
        return decoders.isEmpty() && encoders.isEmpty();
    }

    /** Calls {@code destroy()} on every encoder and decoder, once; later calls do nothing. */

    public void destroy() {
        if (DESTROYED.compareAndSet(this, false, true)) {
            decoders.forEach(Codecs::quietlyDestroy);
            encoders.forEach(Codecs::quietlyDestroy);
        }
    }

    /**
     * Turns an object into a text ({@code String}) or binary ({@code ByteBuffer}) message. A configured encoder whose
     * type matches the object's class (the most specific such type; the first on a tie) wins, even for primitives
     * (javadoc of {@code @OnMessage}); otherwise String is itself, primitives and wrappers are their
     * {@code String.valueOf}, and ByteBuffer and byte[] are binary.
     *
     * @throws EncodeException when no encoder fits, or the encoder fails (its unchecked exceptions included, as the
     *                         cause)
     */
    public Object encode(Object value) throws EncodeException {
        if (value == null) {
            throw new EncodeException(null, "Cannot send a null object");
        }
        Optional<Encoder> encoder = encoderByClass == null ? Optional.empty()
                : encoderByClass.computeIfAbsent(value.getClass(), this::findEncoder);
        if (encoder.isPresent()) {
            return encodeWith(encoder.get(), value);
        }
        if (value instanceof String || PrimitiveConversions.isPrimitiveOrBoxed(value.getClass())) {
            return String.valueOf(value);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer;
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        throw new EncodeException(value, "No encoder configured for " + value.getClass().getName()
                + "; configure an Encoder for it on the endpoint");
    }

    /** The decoders of the given native kind whose type feeds {@code type}, in configuration order. */
    List<Decoder> decodersFor(Class<?> type, boolean text) {
        if (decoders.isEmpty()) {
            return List.of(); // most endpoints: asked twice per handler registration, once per session
        }
        List<Decoder> matching = new ArrayList<>();
        for (int i = 0; i < decoders.size(); i++) {
            Class<?> decoderClass = decoders.get(i).getClass();
            boolean kindMatches = text ? CodecTypes.isTextDecoder(decoderClass) : CodecTypes.isBinaryDecoder(decoderClass);
            if (kindMatches && CodecTypes.feeds(decoderTypes.get(i), type)) {
                matching.add(decoders.get(i));
            }
        }
        return matching;
    }

    private Optional<Encoder> findEncoder(Class<?> valueClass) {
        Encoder best = null;
        Class<?> bestType = null;
        for (int i = 0; i < encoders.size(); i++) {
            Class<?> type = encoderTypes.get(i);
            if (type != null && type.isAssignableFrom(valueClass)
                    && (bestType == null || (bestType != type && bestType.isAssignableFrom(type)))) {
                best = encoders.get(i);
                bestType = type;
            }
        }
        return Optional.ofNullable(best);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object encodeWith(Encoder encoder, Object value) throws EncodeException {
        try {
            if (encoder instanceof Encoder.Text text) {
                return text.encode(value);
            }
            if (encoder instanceof Encoder.Binary binary) {
                return binary.encode(value);
            }
            if (encoder instanceof Encoder.TextStream stream) {
                StringWriter writer = new StringWriter();
                stream.encode(value, writer);
                return writer.toString();
            }
            if (encoder instanceof Encoder.BinaryStream stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                stream.encode(value, out);
                return ByteBuffer.wrap(out.toByteArray());
            }
        } catch (IOException | RuntimeException e) {
            // An encoder's unchecked failure is an encoding failure too: a blocking sendObject reports it as the
            // EncodeException it declares, an asynchronous one through its Future or SendHandler, never by throwing.
            throw new EncodeException(value, encoder.getClass().getName() + ".encode failed: " + e, e);
        }
        throw new EncodeException(value, encoder.getClass().getName() + " implements no Encoder form");
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalArgumentException("Cannot instantiate " + type.getName()
                    + " (needs a public no-arg constructor): " + cause, cause);
        }
    }

    private static void quietlyDestroy(Object codec) {
        try {
            if (codec instanceof Decoder decoder) {
                decoder.destroy();
            } else if (codec instanceof Encoder encoder) {
                encoder.destroy();
            }
        } catch (RuntimeException e) {
            System.getLogger(Codecs.class.getName()).log(System.Logger.Level.WARNING,
                    () -> codec.getClass().getName() + ".destroy() failed", e);
        }
    }
}
