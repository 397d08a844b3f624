package dev.wharf.endpoint;

import dev.wharf.endpoint.BoundMethod.Source;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the parameters of one annotated method against the rules of its annotation (spec 4.3-4.7) and builds its
 * argument plan. Problems go to the shared {@link Problems}; a method with problems binds to null.
 */
final class MethodBinder {

    /** The lifecycle annotation being bound, with the parameter sources it allows and the rule it cites. */
    enum Role {
        OPEN("@OnOpen", "[WSC-4.4-3]", EnumSet.of(Source.SESSION, Source.CONFIG)),
        CLOSE("@OnClose", "[WSC-4.5-4]", EnumSet.of(Source.SESSION, Source.CLOSE_REASON)),
        ERROR("@OnError", "[WSC-4.6-3]", EnumSet.of(Source.SESSION, Source.THROWABLE)),
        MESSAGE("@OnMessage", "[WSC-4.7-1]", EnumSet.of(Source.SESSION));

        final String annotation;
        final String rule;
        final Set<Source> allowed;

        Role(String annotation, String rule, Set<Source> allowed) {
            this.annotation = annotation;
            this.rule = rule;
            this.allowed = allowed;
        }
    }

    /** What a message method receives: its native kind, the (boxed) message type, and whether in parts. */
    record MessageShape(MessageKind kind, Class<?> type, boolean partial) {
    }

    /** Answers whether configured decoders produce a type, as text or as binary. */
    interface DecoderCatalog {
        boolean text(Class<?> type);

        boolean binary(Class<?> type);
    }

    private static final String[] COUNT = {"no", "one", "two", "three", "four", "five"};

    private final Problems problems;
    private final DecoderCatalog decoders;

    MethodBinder(Problems problems, DecoderCatalog decoders) {
        this.problems = problems;
        this.decoders = decoders;
    }

    /** Binds a lifecycle or message method; for MESSAGE, {@code shape[0]} receives the message shape. */
    BoundMethod bind(Method method, Role role, MessageShape[] shape) {
        int before = problemCount();
        if (Modifier.isStatic(method.getModifiers())) {
            report(method, role, "method must not be static");
        }
        Parameter[] parameters = method.getParameters();
        Source[] plan = new Source[parameters.length];
        String[] pathNames = new String[parameters.length];
        List<Integer> messageCandidates = new ArrayList<>();
        EnumSet<Source> seen = EnumSet.noneOf(Source.class);
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            Class<?> type = parameter.getType();
            PathParam pathParam = parameter.getAnnotation(PathParam.class);
            Source source = pathParam != null ? Source.PATH : fixedSource(type, role);
            if (source == Source.PATH) {
                checkPathParam(method, role, type, pathParam);
                pathNames[i] = pathParam.value();
            } else if (source != null) {
                if (!seen.add(source)) {
                    report(method, role, "has more than one " + type.getSimpleName() + " parameter");
                }
            } else if (role == Role.MESSAGE) {
                messageCandidates.add(i);
            } else {
                report(method, role, "parameter of type " + type.getSimpleName() + " is not allowed (allowed: "
                        + allowedNames(role) + " and @PathParam String/primitive parameters)");
            }
            plan[i] = source;
        }
        if (role == Role.ERROR && !seen.contains(Source.THROWABLE)) {
            report(method, role, "needs a Throwable parameter");
        }
        if (role == Role.MESSAGE) {
            shape[0] = messageShape(method, parameters, messageCandidates, plan);
        }
        if (problemCount() != before) {
            return null;
        }
        MethodHandle handle = unreflect(method, role);
        return handle == null ? null : new BoundMethod(method, handle, plan, pathNames);
    }

    private MessageShape messageShape(Method method, Parameter[] parameters, List<Integer> candidates,
            Source[] plan) {
        List<Class<?>> types = candidates.stream().<Class<?>>map(i -> parameters[i].getType()).toList();
        if (types.size() == 1) {
            Class<?> type = PrimitiveConversions.boxed(types.get(0));
            MessageKind kind = MessageKind.forWhole(type, decoders.text(type), decoders.binary(type));
            if (kind == null) {
                report(method, Role.MESSAGE, "message parameter type " + types.get(0).getName()
                        + " is not String, a primitive, Reader, ByteBuffer, byte[], InputStream or PongMessage,"
                        + " and no configured decoder produces it");
                return null;
            }
            plan[candidates.get(0)] = Source.MESSAGE;
            return new MessageShape(kind, type, false);
        }
        if (types.size() == 2) {
            // the "String/ByteBuffer/byte[] and boolean pair" that receives a message in parts
            int last = types.get(1) == boolean.class ? 1 : types.get(0) == boolean.class ? 0 : -1;
            MessageKind kind = last < 0 ? null : MessageKind.forPartial(types.get(1 - last));
            if (kind != null) {
                plan[candidates.get(last)] = Source.LAST;
                plan[candidates.get(1 - last)] = Source.MESSAGE;
                return new MessageShape(kind, types.get(1 - last), true);
            }
        }
        String count = types.size() < COUNT.length ? COUNT[types.size()] : String.valueOf(types.size());
        report(method, Role.MESSAGE, "has " + count + " message parameters"
                + (types.isEmpty() ? "" : " (" + types.stream().map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")")
                + "; it needs exactly one (or a String, ByteBuffer or byte[] with a boolean 'last'),"
                + " plus optional Session and @PathParam parameters");
        return null;
    }

    private void checkPathParam(Method method, Role role, Class<?> type, PathParam pathParam) {
        if (type != String.class && !PrimitiveConversions.isPrimitiveOrBoxed(type)) {
            problems.add(method, role.annotation + " @PathParam(\"" + pathParam.value() + "\") parameter of type "
                    + type.getSimpleName() + " must be String, a primitive or a boxed primitive [WSC-4.3-1]");
        }
        if (pathParam.value().isEmpty()) {
            problems.add(method, role.annotation + " @PathParam needs a non-empty value [WSC-4.3-2]");
        }
    }

    private static Source fixedSource(Class<?> type, Role role) {
        Source source = null;
        if (type == Session.class) {
            source = Source.SESSION;
        } else if (type == EndpointConfig.class) {
            source = Source.CONFIG;
        } else if (type == CloseReason.class) {
            source = Source.CLOSE_REASON;
        } else if (type == Throwable.class) {
            source = Source.THROWABLE;
        }
        return source != null && role.allowed.contains(source) ? source : null;
    }

    private static String allowedNames(Role role) {
        return role.allowed.stream().map(s -> switch (s) {
            case SESSION -> "Session";
            case CONFIG -> "EndpointConfig";
            case CLOSE_REASON -> "CloseReason";
            case THROWABLE -> "Throwable";
            default -> s.name();
        }).collect(Collectors.joining(", "));
    }

    /** Whether a non-void @OnMessage result can be sent back: a built-in form or a configured encoder's type. */
    static boolean sendable(Class<?> returnType, List<Class<?>> encoderTypes) {
        Class<?> type = PrimitiveConversions.boxed(returnType);
        if (type == String.class || type == ByteBuffer.class || type == byte[].class
                || PrimitiveConversions.isPrimitiveOrBoxed(type)) {
            return true;
        }
        return encoderTypes.stream().anyMatch(e -> e != null && e.isAssignableFrom(type));
    }

    private MethodHandle unreflect(Method method, Role role) {
        try {
            return MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException notPublic) {
            // a public method of a non-public class (tolerated for client endpoints): reach it reflectively once
            try {
                if (method.trySetAccessible()) {
                    return MethodHandles.lookup().unreflect(method);
                }
            } catch (IllegalAccessException | RuntimeException ignored) {
                // reported below
            }
            report(method, role, "method cannot be accessed by the container (" + notPublic.getMessage() + ")");
            return null;
        }
    }

    private void report(Method method, Role role, String problem) {
        problems.add(method, role.annotation + " " + problem + " " + role.rule);
    }

    private int problemCount() {
        return problems.size();
    }
}
