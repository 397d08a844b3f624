package dev.wharf.bench.server;

import java.util.Map;
import org.glassfish.tyrus.server.Server;

/** Tyrus 2.2 standalone on its Grizzly container, default settings. */
public final class TyrusStandalone implements Launcher {
    @Override
    public AutoCloseable start(int port) throws Exception {
        Server server = new Server("127.0.0.1", port, "/", Map.of(), ENDPOINTS);
        server.start();
        return server::stop;
    }
}
