package dev.wharf.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import java.util.Set;

/**
 * Starts one contender serving {@link EchoEndpoint}, {@link AsyncEchoEndpoint} and {@link RoomEndpoint} on
 * {@code 127.0.0.1:port}, with the host's default settings. Implementations are loaded by name, so a class path only
 * needs the jars of the contender it runs.
 */
public interface Launcher {

    /** The endpoint classes every contender deploys. */
    Set<Class<?>> ENDPOINTS = Set.of(EchoEndpoint.class, AsyncEchoEndpoint.class, RoomEndpoint.class);

    /**
     * The socket send and receive buffer size every contender sets on the connections it accepts, from
     * {@code -Dbench.socketBuffer} ({@code Compare --socket-buffer}); 0 (the default) leaves the kernel's autotuning.
     * The hostile-peers scenarios set it: with autotuning, each loopback connection that a peer does not read can
     * hold ~4 MB of kernel memory, and a few hundred of them push the whole machine past {@code tcp_mem}, where
     * every server's new connections stall alike.
     */
    static int socketBuffer() {
        return Integer.getInteger("bench.socketBuffer", 0);
    }

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
