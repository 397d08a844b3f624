package dev.wharf.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import java.util.Set;

/**
 * Starts one contender serving {@link EchoEndpoint} and {@link RoomEndpoint} on {@code 127.0.0.1:port}, with the
 * host's default settings. Implementations are loaded by name, so a class path only needs the jars of the contender
 * it runs.
 */
public interface Launcher {

    /** The endpoint classes every contender deploys. */
    Set<Class<?>> ENDPOINTS = Set.of(EchoEndpoint.class, RoomEndpoint.class);

    /** What Wharf contenders deploy: {@link #ENDPOINTS} and the room on Wharf's own rooms API. */
    static Set<Class<?>> wharfEndpoints() throws ReflectiveOperationException {
        Set<Class<?>> all = new java.util.HashSet<>(ENDPOINTS);
        all.add(Class.forName("dev.wharf.bench.server.WharfRoomEndpoint"));
        return all;
    }

    /** Starts serving; closing the result stops the server. */
    AutoCloseable start(int port) throws Exception;

    /**
     * Wharf's initializer, created reflectively: referring to it in code would make class loading of the launcher
     * fail on the class paths of the other contenders, which do not carry Wharf.
     */
    static ServletContainerInitializer wharfInitializer() throws ReflectiveOperationException {
        return (ServletContainerInitializer) Class.forName("dev.wharf.servlet.WharfInitializer")
                .getDeclaredConstructor().newInstance();
    }
}
