package dev.wharf.bench.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor: not a container, but the least a Java server can do on this machine and kernel to serve the
 * {@code /echo} WebSocket (RFC 6455) that the echo, churn and idle scenarios use. A measuring stick for
 * docs/BENCHMARKS.md, not a product: no servlet layer, no Jakarta WebSocket API, no executor, no UTF-8 decoding or
 * validation of text (messages are echoed frame by frame, which keeps their fragmentation), no extensions, no
 * sub-protocols. What is left is what every server pays: accept, the upgrade request, SHA-1 of the key, reading,
 * unmasking, writing, and the closing handshake. It also serves the broadcast scenarios' {@code /room/{name}}
 * ({@link FloorBroadcast}: frames made once, one gathering write per member per pass), in both variants.
 *
 * <p>{@code -Dfloor.threads} selector threads (default: one per core), each with its own listening socket on the
 * same port ({@code SO_REUSEPORT}: the kernel spreads connections, no hand-off between threads). Two variants:
 * {@link PerMessage} writes once per echoed message, as a container's {@code sendText} does; {@link Batched} writes
 * once per read, every reply to the frames that read delivered gathered in one system call.
 */
public abstract class FloorServer implements Launcher {

    private final boolean batched;

    FloorServer(boolean batched) {
        this.batched = batched;
    }

    /** One write per echoed message. */
    public static final class PerMessage extends FloorServer {
        public PerMessage() {
            super(false);
        }
    }

    /** One write per read: the replies to every frame a read delivered, gathered. */
    public static final class Batched extends FloorServer {
        public Batched() {
            super(true);
        }
    }

    @Override
    public AutoCloseable start(int port) throws IOException {
        int threads = Integer.getInteger("floor.threads", Runtime.getRuntime().availableProcessors());
        List<FloorLoop> loops = new ArrayList<>();
        FloorBroadcast.Hall hall = new FloorBroadcast.Hall(threads);
        for (int i = 0; i < threads; i++) {
            FloorLoop loop = new FloorLoop(port, batched, Launcher.socketBuffer(), hall, i);
            loops.add(loop);
            Thread thread = new Thread(loop, "floor-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        return () -> {
            for (FloorLoop loop : loops) {
                loop.close();
            }
        };
    }
}
