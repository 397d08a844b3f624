package dev.wharf.client;

import java.net.URI;

/** A WebSocket server that is not Wharf, started in the test on 127.0.0.1 and an ephemeral port. */
interface IndependentServer extends AutoCloseable {

    String name();

    /** Deploys the annotated server endpoint classes and starts; returns {@code this}. */
    IndependentServer start(Class<?>... endpoints) throws Exception;

    int port();

    default URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    @Override
    void close() throws Exception;
}
