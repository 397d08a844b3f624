package dev.wharf.server;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform default {@link ServerEndpointConfig.Configurator} (registered in
 * {@code META-INF/services/jakarta.websocket.server.ServerEndpointConfig$Configurator}): the API's own
 * {@code Configurator} delegates every call to it, so each method here must be complete and must not call super.
 */
public class DefaultServerConfigurator extends ServerEndpointConfig.Configurator {

    /** Stateless: the one every endpoint deployed without a configurator uses. */
    static final DefaultServerConfigurator INSTANCE = new DefaultServerConfigurator();

    /**
     * Each endpoint class's public no-argument constructor, looked up once: {@code getConstructor()} per connection
     * searched and copied it on every handshake. Empty if there is none. (Held by the endpoint class itself, so
     * nothing here keeps an application's classes alive.)
     */
    private static final ClassValue<Optional<Constructor<?>>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Optional<Constructor<?>> computeValue(Class<?> type) {
            try {
                return Optional.of(type.getConstructor());
            } catch (NoSuchMethodException | SecurityException e) {
                return Optional.empty();
            }
        }
    };

    @Override
    public ServerEndpointConfig.Configurator getContainerDefaultConfigurator() {
        return INSTANCE;
    }

    /**
     * The first subprotocol the client requested that the server supports, in the client's order of preference
     * (the {@code Configurator} javadoc; [WSC-3.1.2-1]), or "" when none matches.
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String candidate : requested) {
            if (supported.contains(candidate)) {
                return candidate;
            }
        }
        return "";
    }

    /** The requested extensions the server has installed, in the client's order [WSC-3.1.3-1]. */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> chosen = new ArrayList<>();
        for (Extension wanted : requested) {
            for (Extension have : installed) {
                if (have.getName().equals(wanted.getName())
                        && chosen.stream().noneMatch(e -> e.getName().equals(wanted.getName()))) {
                    chosen.add(wanted);
                }
            }
        }
        return chosen;
    }

    /**
     * Fails a handshake whose Origin host cannot be verified [WSC-3.1.4-1]: see {@link OriginCheck} for what is
     * verified; applications widen it with {@code dev.wharf.allowedOrigins} or by overriding this method.
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return OriginCheck.verify(originHeaderValue);
    }

    /** Makes no change to the handshake [WSC-3.1.5-1]. */
    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    }

    /** A new instance per connection through the public no-argument constructor [WSC-3.1.7-2]. */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        Constructor<?> constructor = CONSTRUCTORS.get(endpointClass).orElse(null);
        if (constructor == null) {
            throw new InstantiationException(endpointClass.getName() + " needs a public no-argument constructor");
        }
        try {
            return endpointClass.cast(constructor.newInstance());
        } catch (InvocationTargetException e) {
            InstantiationException ie = new InstantiationException(
                    "constructor of " + endpointClass.getName() + " failed: " + e.getCause());
            ie.initCause(e.getCause());
            throw ie;
        } catch (ReflectiveOperationException e) {
            InstantiationException ie = new InstantiationException(
                    endpointClass.getName() + " needs a public no-argument constructor: " + e);
            ie.initCause(e);
            throw ie;
        }
    }
}
