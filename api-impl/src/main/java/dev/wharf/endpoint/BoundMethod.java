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
 * An annotated endpoint method bound once at deployment: a method handle taking {@code (instance, Object[] args)}
 * and a plan saying where each argument comes from. Calling it does no reflection; exceptions thrown by the user
 * method come out unwrapped.
 */
final class BoundMethod {

    /** Where one argument of the user method comes from. */
    enum Source { SESSION, CONFIG, CLOSE_REASON, THROWABLE, MESSAGE, LAST, PATH }

    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object.class, Object[].class);

    private final Method method;
    private final MethodHandle handle;
    private final Source[] plan;
    private final String[] pathNames;
    private final Class<?>[] pathTypes;

    BoundMethod(Method method, MethodHandle target, Source[] plan, String[] pathNames) {
        this.method = method;
        // (Endpoint, p1..pn)R  ->  (Object, Object[])Object : unboxes arguments, boxes or nulls the result
        this.handle = target.asSpreader(Object[].class, plan.length).asType(SPREAD);
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
        Object[] args = new Object[plan.length];
        for (int i = 0; i < plan.length; i++) {
            args[i] = switch (plan[i]) {
                case SESSION -> session;
                case CONFIG -> config;
                case CLOSE_REASON -> reason;
                case THROWABLE -> error;
                case MESSAGE -> message;
                case LAST -> last;
                case PATH -> pathValue(session, pathNames[i], pathTypes[i]);
            };
        }
        return (Object) handle.invokeExact(instance, args);
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
