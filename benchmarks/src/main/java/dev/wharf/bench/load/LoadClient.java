package dev.wharf.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator: {@code threads} {@link LoadLoop}s sharing the connections round-robin, each connection
 * bound to one of {@code sources} loopback addresses (127.0.0.1, .2, ...) so that many connections and fast churn do
 * not run out of ephemeral ports on one address.
 */
public final class LoadClient implements AutoCloseable {

    private final InetSocketAddress server;
    private final List<LoadLoop> loops = new ArrayList<>();
    private final List<InetAddress> sources = new ArrayList<>();
    private int next;

    public LoadClient(InetSocketAddress server, int threads, int sources) {
        this.server = server;
        for (int i = 0; i < threads; i++) {
            loops.add(new LoadLoop("load-" + i));
        }
        try {
            for (int i = 1; i <= sources; i++) {
                addSource(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void addSource(InetAddress address) {
        sources.add(address);
    }

    /** Opens one connection to {@code path} on the next loop, from the next source address. Any thread. */
    public void connect(String path, ConnectionHandler handler) {
        connect(path, handler, false);
    }

    /**
     * As {@link #connect(String, ConnectionHandler)}; with {@code deflate} the handshake offers permessage-deflate
     * (RFC 7692, no context takeover either way) and, if the server accepts, text and binary messages are compressed
     * and the server's compressed messages inflated before the handler sees them.
     */
    public void connect(String path, ConnectionHandler handler, boolean deflate) {
        connect(path, handler, deflate ? DeflateOffer.NO_CONTEXT_TAKEOVER : DeflateOffer.NONE);
    }

    /** As {@link #connect(String, ConnectionHandler)}, offering {@code offer}. */
    public synchronized void connect(String path, ConnectionHandler handler, DeflateOffer offer) {
        int i = next++;
        loops.get(i % loops.size()).connect(server, sources.get(i % sources.size()), path, handler, offer);
    }

    public List<LoadLoop> loops() {
        return loops;
    }

    public int openConnections() {
        return loops.stream().mapToInt(LoadLoop::openConnections).sum();
    }

    /** Closes every connection with a closing handshake and waits up to {@code millis} for them to end. */
    public void closeAll(long millis) throws InterruptedException {
        loops.forEach(LoadLoop::closeAll);
        long deadline = System.currentTimeMillis() + millis;
        while (openConnections() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        loops.forEach(LoadLoop::abortAll);
    }

    @Override
    public void close() throws InterruptedException {
        for (LoadLoop loop : loops) {
            loop.close();
        }
    }
}
