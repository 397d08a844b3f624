package dev.wharf.endpoint;

import java.util.Map;
import java.util.function.Function;

/**
 * Text to primitive conversions for {@code @PathParam} values and whole text messages delivered as a primitive
 * (spec 4.3, [WSC-4.3-5] and [WSC-4.7-2]: "as if it had used the public one argument String constructor").
 */
final class PrimitiveConversions {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class, char.class,
            Character.class, int.class, Integer.class, long.class, Long.class, float.class, Float.class,
            double.class, Double.class);

    // valueOf(String) gives the same result as the deprecated String constructors. Character has none, so the spec's
    // rule cannot apply as written: a char is the text's first character (UTF-16 unit), as in Tomcat and Tyrus and
    // as the official TCK expects of a multi-character message; an empty text has none and fails.
    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.of(
            Boolean.class, Boolean::valueOf, Byte.class, Byte::valueOf, Short.class, Short::valueOf,
            Character.class, PrimitiveConversions::toCharacter, Integer.class, Integer::valueOf, Long.class,
            Long::valueOf, Float.class, Float::valueOf, Double.class, Double::valueOf);

    private PrimitiveConversions() {
    }

    static boolean isPrimitiveOrBoxed(Class<?> type) {
        return BOXES.containsKey(type) || PARSERS.containsKey(type);
    }

    /** The wrapper class for a primitive, the class itself otherwise. */
    static Class<?> boxed(Class<?> type) {
        return BOXES.getOrDefault(type, type);
    }

    /**
     * Converts {@code text} to {@code type} (a primitive or its wrapper), answering the wrapper.
     *
     * @throws IllegalArgumentException when the text is not a value of that type (NumberFormatException included)
     */
    static Object parse(String text, Class<?> type) {
        Function<String, Object> parser = PARSERS.get(boxed(type));
        if (parser == null) {
            throw new IllegalArgumentException(type.getName() + " is not a primitive or boxed type");
        }
        if (text == null) {
            throw new IllegalArgumentException("no value for " + type.getSimpleName());
        }
        return parser.apply(text);
    }

    private static Character toCharacter(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty text has no character");
        }
        return text.charAt(0);
    }
}
