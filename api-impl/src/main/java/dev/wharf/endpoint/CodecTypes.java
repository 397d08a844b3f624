package dev.wharf.endpoint;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/** Class-level facts about encoder and decoder classes, shared by deployment checks and per-session codecs. */
final class CodecTypes {

    private static final List<Class<?>> FORMS = List.of(
            Decoder.Text.class, Decoder.TextStream.class, Decoder.Binary.class, Decoder.BinaryStream.class,
            Encoder.Text.class, Encoder.TextStream.class, Encoder.Binary.class, Encoder.BinaryStream.class);

    private CodecTypes() {
    }

    /** The T of the Decoder/Encoder form {@code codec} implements, or null when it implements none or erased T. */
    static Class<?> targetType(Class<?> codec) {
        return TARGET_TYPES.get(codec).orElse(null);
    }

    /**
     * {@link #targetType} resolved once per codec class: every session makes its own codec instances, and resolving
     * the generic type argument by reflection per connection was work a handshake repeated for nothing.
     */
    private static final ClassValue<Optional<Class<?>>> TARGET_TYPES = new ClassValue<>() {
        @Override
        protected Optional<Class<?>> computeValue(Class<?> codec) {
            return Optional.ofNullable(resolveTargetType(codec));
        }
    };

    private static Class<?> resolveTargetType(Class<?> codec) {
        for (Class<?> form : FORMS) {
            if (form.isAssignableFrom(codec)) {
                return TypeResolver.typeArgument(codec, form);
            }
        }
        return null;
    }

    static boolean isTextDecoder(Class<?> decoder) {
        return Decoder.Text.class.isAssignableFrom(decoder) || Decoder.TextStream.class.isAssignableFrom(decoder);
    }

    static boolean isBinaryDecoder(Class<?> decoder) {
        return Decoder.Binary.class.isAssignableFrom(decoder)
                || Decoder.BinaryStream.class.isAssignableFrom(decoder);
    }

    /** Whether a decoder producing {@code decoded} may feed a parameter or handler of {@code wanted}. */
    static boolean feeds(Class<?> decoded, Class<?> wanted) {
        return decoded != null && PrimitiveConversions.boxed(wanted).isAssignableFrom(decoded);
    }

    /** Why {@code codec} cannot be instantiated by the container, or null when it can. */
    static String instantiationProblem(Class<?> codec) {
        if (!Modifier.isPublic(codec.getModifiers())) {
            return "is not public";
        }
        if (codec.isInterface() || Modifier.isAbstract(codec.getModifiers())) {
            return "is not concrete";
        }
        if (!Modifier.isStatic(codec.getModifiers()) && codec.getEnclosingClass() != null) {
            return "is an inner (non-static) class";
        }
        try {
            Constructor<?> constructor = codec.getConstructor();
            return Modifier.isPublic(constructor.getModifiers()) ? null : "has no public no-arg constructor";
        } catch (NoSuchMethodException e) {
            return "has no public no-arg constructor";
        }
    }
}
