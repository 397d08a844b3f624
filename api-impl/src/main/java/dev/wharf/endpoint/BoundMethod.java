package dev.wharf.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * An annotated endpoint method bound once at deployment: a method handle taking the instance and each argument as an
 * {@code Object}, and a plan saying where each argument comes from. Calling it does no reflection; exceptions thrown
 * by the user method come out unwrapped.
 */
final class BoundMethod {

    /** Where one argument of the user method comes from. */
    enum Source { SESSION, CONFIG, CLOSE_REASON, THROWABLE, MESSAGE, LAST, PATH }

    /** Methods with up to this many parameters are called with their arguments as they are, not in an array. */
    static final int MAX_DIRECT_ARITY = 3;
    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object.class, Object[].class);

    private final Method method;
    private final MethodHandle handle;
    private final Source[] plan;
    private final String[] pathNames;
    private final Class<?>[] pathTypes;

    BoundMethod(Method method, MethodHandle target, Source[] plan, String[] pathNames) {
        this.method = method;
        // (Endpoint, p1..pn)R -> (Object, Object..)Object, or (Object, Object[])Object beyond MAX_DIRECT_ARITY:
        // unboxes arguments, boxes or nulls the result. The direct shapes spare every message an argument array.
        this.handle = plan.length <= MAX_DIRECT_ARITY
                ? target.asType(MethodType.genericMethodType(plan.length + 1))
                : target.asSpreader(Object[].class, plan.length).asType(SPREAD);
        this.plan = plan.clone();
        this.pathNames = pathNames.clone();
        this.pathTypes = method.getParameterTypes();
    }

    Method method() {
        return method;
    }

    /**
     * Calls the method; unused arguments may be null.
     *
     * @return the method's result, null for void
     * @throws DecodeException when a {@code @PathParam} segment does not convert to its parameter type [WSC-4.3-6]
     * @throws Throwable       whatever the user method threw
     */
    Object invoke(Object instance, Session session, EndpointConfig config, CloseReason reason, Throwable error,
            Object message, boolean last) throws Throwable {
        return switch (plan.length) {
            case 0 -> (Object) handle.invokeExact(instance);
            case 1 -> (Object) handle.invokeExact(instance,
                    argument(0, session, config, reason, error, message, last));
            case 2 -> (Object) handle.invokeExact(instance,
                    argument(0, session, config, reason, error, message, last),
                    argument(1, session, config, reason, error, message, last));
            case 3 -> (Object) handle.invokeExact(instance,
                    argument(0, session, config, reason, error, message, last),
                    argument(1, session, config, reason, error, message, last),
                    argument(2, session, config, reason, error, message, last));
            default -> {
                Object[] args = new Object[plan.length];
                for (int i = 0; i < plan.length; i++) {
                    args[i] = argument(i, session, config, reason, error, message, last);
                }
                yield (Object) handle.invokeExact(instance, args);
            }
        };
    }

    private Object argument(int i, Session session, EndpointConfig config, CloseReason reason, Throwable error,
            Object message, boolean last) throws DecodeException {
        return switch (plan[i]) {
            case SESSION -> session;
            case CONFIG -> config;
            case CLOSE_REASON -> reason;
            case THROWABLE -> error;
            case MESSAGE -> message;
            case LAST -> last;
            case PATH -> pathValue(session, pathNames[i], pathTypes[i]);
        };
    }

    private static Object pathValue(Session session, String name, Class<?> type) throws DecodeException {
        Map<String, String> parameters = session == null ? null : session.getPathParameters();
        String segment = parameters == null ? null : parameters.get(name);
        if (type == String.class || (segment == null && !type.isPrimitive())) {
            return segment; // a name not in the URI template gives null [WSC-4.3-3]
        }
        try {
            return PrimitiveConversions.parse(segment, type); // [WSC-4.3-5]
        } catch (IllegalArgumentException e) {
            throw new DecodeException(segment, "Cannot convert path parameter '" + name + "' = "
                    + (segment == null ? "(absent)" : "\"" + segment + "\"") + " to " + type.getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return Problems.describe(method);
    }
}
