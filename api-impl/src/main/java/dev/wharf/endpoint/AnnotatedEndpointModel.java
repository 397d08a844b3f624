package dev.wharf.endpoint;

import dev.wharf.endpoint.MethodBinder.MessageShape;
import dev.wharf.endpoint.MethodBinder.Role;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Encoder;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@code @ServerEndpoint} or {@code @ClientEndpoint} class declares, validated against every rule of spec
 * chapter 4 with all problems reported in one {@link DeploymentException}, and its methods bound once.
 * <p>
 * Inheritance (spec 4.8): only the class's own class-level annotation counts; its public methods are those of
 * {@link Class#getMethods()}, so an inherited annotated method that is not overridden still counts, while an
 * override without the annotation gets no callback.
 */
public final class AnnotatedEndpointModel {

    /** One {@code @OnMessage} method: its binding, what it receives, and its declared maxMessageSize (-1 unset). */
    record MessageMethod(BoundMethod method, MessageKind kind, Class<?> type, boolean partial, long maxMessageSize) {
    }

    private static final List<Class<? extends Annotation>> METHOD_ANNOTATIONS =
            List.of(OnOpen.class, OnClose.class, OnError.class, OnMessage.class);

    private final Class<?> endpointClass;
    private final boolean server;
    private final String path;
    private final List<Class<? extends Decoder>> decoders;
    private final List<Class<? extends Encoder>> encoders;
    private final List<String> subprotocols;
    private final Class<?> configurator;
    private final boolean publicNoArgConstructor;
    private final BoundMethod onOpen;
    private final BoundMethod onClose;
    private final BoundMethod onError;
    private final Map<MessageKind, MessageMethod> messageMethods;
    /** The message methods in {@link MessageKind} order, listed once: every session's onOpen registers them. */
    private final List<MessageMethod> messageMethodsInOrder;

    private AnnotatedEndpointModel(Class<?> endpointClass, ServerEndpoint serverEndpoint, Introspection found) {
        this.endpointClass = endpointClass;
        this.server = serverEndpoint != null;
        ClientEndpoint client = endpointClass.getDeclaredAnnotation(ClientEndpoint.class);
        this.path = server ? serverEndpoint.value() : null;
        this.decoders = List.of(server ? serverEndpoint.decoders() : client.decoders());
        this.encoders = List.of(server ? serverEndpoint.encoders() : client.encoders());
        this.subprotocols = List.of(server ? serverEndpoint.subprotocols() : client.subprotocols());
        this.configurator = server ? serverEndpoint.configurator() : client.configurator();
        this.publicNoArgConstructor = hasPublicNoArgConstructor(endpointClass);
        this.onOpen = found.bound.get(Role.OPEN);
        this.onClose = found.bound.get(Role.CLOSE);
        this.onError = found.bound.get(Role.ERROR);
        this.messageMethods = Map.copyOf(found.messages);
        this.messageMethodsInOrder = inKindOrder(messageMethods);
    }

    /**
     * Introspects and validates an annotated endpoint class.
     *
     * @throws DeploymentException listing every problem found, each naming class, method and rule
     */
    public static AnnotatedEndpointModel of(Class<?> endpointClass) throws DeploymentException {
        Problems problems = new Problems(endpointClass);
        ServerEndpoint serverEndpoint = endpointClass.getDeclaredAnnotation(ServerEndpoint.class);
        ClientEndpoint clientEndpoint = endpointClass.getDeclaredAnnotation(ClientEndpoint.class);
        if (serverEndpoint == null && clientEndpoint == null) {
            problems.add(notAnnotated(endpointClass));
            problems.throwIfAny();
        }
        if (serverEndpoint != null && clientEndpoint != null) {
            problems.add("is annotated with both @ServerEndpoint and @ClientEndpoint");
        }
        checkClass(endpointClass, serverEndpoint != null, problems);
        List<Class<? extends Decoder>> decoders =
                List.of(serverEndpoint != null ? serverEndpoint.decoders() : clientEndpoint.decoders());
        List<Class<? extends Encoder>> encoders =
                List.of(serverEndpoint != null ? serverEndpoint.encoders() : clientEndpoint.encoders());
        if (serverEndpoint != null) {
            checkServerAttributes(serverEndpoint, problems);
        } else {
            checkConfigurator(clientEndpoint.configurator(), ClientEndpointConfig.Configurator.class, "[WSC-4.2.3-1]",
                    problems);
        }
        checkCodecs(decoders, "decoder", serverEndpoint != null ? "[WSC-4.1.3-1]" : "[WSC-4.2.2-1]", problems);
        checkCodecs(encoders, "encoder", serverEndpoint != null ? "[WSC-4.1.2-1]" : "[WSC-4.2.1-1]", problems);
        Introspection found = new Introspection(endpointClass, decoders, encoders, problems);
        problems.throwIfAny();
        return new AnnotatedEndpointModel(endpointClass, serverEndpoint, found);
    }

    public Class<?> endpointClass() {
        return endpointClass;
    }

    public boolean isServerEndpoint() {
        return server;
    }

    /** The {@code @ServerEndpoint} path (URI template), null for a client endpoint. */
    public String path() {
        return path;
    }

    public List<Class<? extends Decoder>> decoders() {
        return decoders;
    }

    public List<Class<? extends Encoder>> encoders() {
        return encoders;
    }

    public List<String> subprotocols() {
        return subprotocols;
    }

    /**
     * The configurator class from the annotation: a {@code ServerEndpointConfig.Configurator} subclass for a server
     * endpoint (the API's base class when none was given), a {@code ClientEndpointConfig.Configurator} one for a
     * client endpoint.
     */
    public Class<?> configurator() {
        return configurator;
    }

    /**
     * Whether the class can be created by a default configurator. Spec 4.1 requires it of server endpoints, but a
     * custom {@code getEndpointInstance} or a client's {@code connectToServer(Object, ...)} does not need it, so
     * the caller decides whether its absence is an error.
     */
    public boolean hasPublicNoArgConstructor() {
        return publicNoArgConstructor;
    }

    /** The text {@code @OnMessage} method's maxMessageSize, -1 when unset or there is none. */
    public long maxTextMessageSize() {
        return maxSize(MessageKind.TEXT);
    }

    /** The binary {@code @OnMessage} method's maxMessageSize, -1 when unset or there is none. */
    public long maxBinaryMessageSize() {
        return maxSize(MessageKind.BINARY);
    }

    public boolean hasTextHandler() {
        return messageMethods.containsKey(MessageKind.TEXT);
    }

    public boolean hasBinaryHandler() {
        return messageMethods.containsKey(MessageKind.BINARY);
    }

    public boolean hasPongHandler() {
        return messageMethods.containsKey(MessageKind.PONG);
    }

    @Override
    public String toString() {
        return "AnnotatedEndpointModel[" + endpointClass.getName() + (server ? " at " + path : " (client)")
                + ", messages=" + messageMethods.keySet() + "]";
    }

    BoundMethod onOpen() {
        return onOpen;
    }

    BoundMethod onClose() {
        return onClose;
    }

    BoundMethod onError() {
        return onError;
    }

    List<MessageMethod> messageMethods() {
        return messageMethodsInOrder;
    }

    private static List<MessageMethod> inKindOrder(Map<MessageKind, MessageMethod> byKind) {
        List<MessageMethod> all = new ArrayList<>();
        for (MessageKind kind : MessageKind.values()) {
            if (byKind.containsKey(kind)) {
                all.add(byKind.get(kind));
            }
        }
        return List.copyOf(all);
    }

    private long maxSize(MessageKind kind) {
        MessageMethod method = messageMethods.get(kind);
        return method == null ? -1 : method.maxMessageSize();
    }

    private static String notAnnotated(Class<?> type) {
        for (Class<?> parent = type.getSuperclass(); parent != null; parent = parent.getSuperclass()) {
            if (parent.isAnnotationPresent(ServerEndpoint.class) || parent.isAnnotationPresent(ClientEndpoint.class)) {
                return "is not annotated with @ServerEndpoint or @ClientEndpoint; the annotation of its superclass "
                        + parent.getName() + " is not inherited [WSC-4.8.1]";
            }
        }
        return "is not annotated with @ServerEndpoint or @ClientEndpoint [WSC-4.1-1]";
    }

    private static void checkClass(Class<?> type, boolean server, Problems problems) {
        int modifiers = type.getModifiers();
        if (server && !Modifier.isPublic(modifiers)) {
            problems.add("a server endpoint class must be public [WSC-4.1-1]");
        }
        if (type.isInterface() || Modifier.isAbstract(modifiers)) {
            problems.add("an endpoint class must be concrete, not abstract or an interface [WSC-4.1-1]");
        }
    }

    private static void checkServerAttributes(ServerEndpoint annotation, Problems problems) {
        String value = annotation.value();
        if (value == null || !value.startsWith("/")) {
            problems.add("@ServerEndpoint path \"" + value + "\" must start with '/' [WSC-4.1.1-3]");
        }
        checkConfigurator(annotation.configurator(), ServerEndpointConfig.Configurator.class, "[WSC-4.1.5-1]",
                problems);
    }

    private static void checkConfigurator(Class<?> configurator, Class<?> apiDefault, String rule, Problems problems) {
        if (configurator != apiDefault) {
            String problem = CodecTypes.instantiationProblem(configurator);
            if (problem != null) {
                problems.add("configurator " + configurator.getName() + " " + problem + " " + rule);
            }
        }
    }

    private static void checkCodecs(List<? extends Class<?>> codecs, String kind, String rule, Problems problems) {
        for (Class<?> codec : codecs) {
            String problem = CodecTypes.instantiationProblem(codec);
            if (problem != null) {
                problems.add(kind + " " + codec.getName() + " " + problem + " " + rule);
            } else if (CodecTypes.targetType(codec) == null) {
                problems.add(kind + " " + codec.getName() + " does not implement a form of " + kind
                        + " (Text, TextStream, Binary, BinaryStream) with a concrete type argument " + rule);
            }
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> type) {
        // The static flag first: it is read without loading the enclosing class, which an archive may lack.
        if (!Modifier.isStatic(type.getModifiers()) && type.getEnclosingClass() != null) {
            return false; // an inner class's constructor takes its outer instance
        }
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The walk over the class's methods: finds, checks and binds the annotated ones. */
    private static final class Introspection {
        final Map<Role, BoundMethod> bound = new EnumMap<>(Role.class);
        final Map<MessageKind, MessageMethod> messages = new EnumMap<>(MessageKind.class);

        Introspection(Class<?> type, List<Class<? extends Decoder>> decoders, List<Class<? extends Encoder>> encoders,
                Problems problems) {
            MethodBinder binder = new MethodBinder(problems, catalog(decoders));
            List<Class<?>> encoderTypes = encoders.stream().<Class<?>>map(CodecTypes::targetType).toList();
            reportNonPublic(type, problems);
            Map<Role, Method> firstOf = new EnumMap<>(Role.class);
            Map<MessageKind, Method> firstMessage = new EnumMap<>(MessageKind.class);
            Method[] methods = type.getMethods();
            Arrays.sort(methods, Comparator.comparing(Problems::describe)); // stable, readable reports
            for (Method method : methods) {
                if (method.isBridge() || method.isSynthetic()) {
                    continue; // javac copies annotations onto bridges; the real method is seen separately
                }
                List<Class<? extends Annotation>> present = METHOD_ANNOTATIONS.stream()
                        .filter(method::isAnnotationPresent).toList();
                if (present.size() > 1) {
                    problems.add(method, "carries more than one of " + present.stream()
                            .map(a -> "@" + a.getSimpleName()).toList() + "; use one method per callback");
                    continue;
                }
                if (present.isEmpty()) {
                    continue;
                }
                Role role = role(present.get(0));
                if (role != Role.MESSAGE) {
                    Method earlier = firstOf.putIfAbsent(role, method);
                    if (earlier != null) {
                        problems.add(method, role.annotation + " is already on " + Problems.describe(earlier)
                                + "; at most one " + role.annotation + " method " + role.rule);
                        continue;
                    }
                    BoundMethod bound = binder.bind(method, role, null);
                    if (bound != null) {
                        this.bound.put(role, bound);
                    }
                    continue;
                }
                MessageShape[] shape = new MessageShape[1];
                BoundMethod bound = binder.bind(method, role, shape);
                long maxSize = method.getAnnotation(OnMessage.class).maxMessageSize();
                if (maxSize > Integer.MAX_VALUE) {
                    problems.add(method, "@OnMessage maxMessageSize " + maxSize
                            + " exceeds Integer.MAX_VALUE, the largest String or ByteBuffer [WSC-4.7.1]");
                }
                if (!void.class.equals(method.getReturnType())
                        && !MethodBinder.sendable(method.getReturnType(), encoderTypes)) {
                    problems.add(method, "@OnMessage return type " + method.getReturnType().getName()
                            + " cannot be sent: not String, ByteBuffer, byte[] or a primitive, and no configured"
                            + " encoder handles it [WSC-4.7-1]");
                }
                if (shape[0] == null) {
                    continue;
                }
                Method earlier = firstMessage.putIfAbsent(shape[0].kind(), method);
                if (earlier != null) {
                    problems.add(method, "@OnMessage for " + shape[0].kind().label()
                            + " messages is already handled by "
                            + Problems.describe(earlier) + "; at most one per native message type [WSC-4.7-4]");
                } else if (bound != null) {
                    messages.put(shape[0].kind(), new MessageMethod(bound, shape[0].kind(), shape[0].type(),
                            shape[0].partial(), maxSize));
                }
            }
        }

        private static MethodBinder.DecoderCatalog catalog(List<Class<? extends Decoder>> decoders) {
            return new MethodBinder.DecoderCatalog() {
                @Override
                public boolean text(Class<?> type) {
                    return decoders.stream().anyMatch(d -> CodecTypes.isTextDecoder(d)
                            && CodecTypes.feeds(CodecTypes.targetType(d), type));
                }

                @Override
                public boolean binary(Class<?> type) {
                    return decoders.stream().anyMatch(d -> CodecTypes.isBinaryDecoder(d)
                            && CodecTypes.feeds(CodecTypes.targetType(d), type));
                }
            };
        }

        /** Annotated methods that are not public are ignored by the spec's rules; say so rather than stay silent. */
        private static void reportNonPublic(Class<?> type, Problems problems) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method method : c.getDeclaredMethods()) {
                    if (!Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()
                            && METHOD_ANNOTATIONS.stream().anyMatch(method::isAnnotationPresent)) {
                        problems.add(method, "is annotated but not public; WebSocket method annotations apply to"
                                + " public methods only (spec 4.4-4.7)");
                    }
                }
            }
        }

        private static Role role(Class<? extends Annotation> annotation) {
            if (annotation == OnOpen.class) {
                return Role.OPEN;
            }
            if (annotation == OnClose.class) {
                return Role.CLOSE;
            }
            return annotation == OnError.class ? Role.ERROR : Role.MESSAGE;
        }
    }
}
