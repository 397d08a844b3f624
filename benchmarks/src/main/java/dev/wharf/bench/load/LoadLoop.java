package dev.wharf.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One selector thread driving many {@link ClientConnection}s. Everything a connection does happens on this thread;
 * other threads hand work over with {@link #execute} or {@link #call}.
 */
public final class LoadLoop implements AutoCloseable {

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    /**
     * Shared by every connection of this loop: reads are processed before the next one starts. Direct, so a read
     * lands in it at once (the JDK reads into a heap buffer through a temporary direct one and copies it over); 1 MiB,
     * so a 1 MiB echo can arrive in one read call rather than four or more.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1024 * 1024);
    private volatile boolean running = true;
    private int random;

    public LoadLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        random = (int) System.nanoTime() | 1;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** xorshift32: masking keys and handshake nonces need to vary, not to be secret, in a load generator. */
    int nextRandom() {
        int x = random;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        random = x;
        return x;
    }

    /** Opens a connection from {@code source} (null: any) to {@code server} and requests {@code path}. */
    public void connect(InetSocketAddress server, InetAddress source, String path, ConnectionHandler handler) {
        connect(server, source, path, handler, false);
    }

    /** As {@link #connect(InetSocketAddress, InetAddress, String, ConnectionHandler)}; {@code deflate}: offer permessage-deflate. */
    public void connect(InetSocketAddress server, InetAddress source, String path, ConnectionHandler handler,
            boolean deflate) {
        connect(server, source, path, handler, deflate ? DeflateOffer.NO_CONTEXT_TAKEOVER : DeflateOffer.NONE);
    }

    /** As {@link #connect(InetSocketAddress, InetAddress, String, ConnectionHandler)}, offering {@code offer}. */
    public void connect(InetSocketAddress server, InetAddress source, String path, ConnectionHandler handler,
            DeflateOffer offer) {
        execute(() -> {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (source != null) {
                    channel.bind(new InetSocketAddress(source, 0));
                }
                String host = server.getHostString() + ":" + server.getPort();
                ClientConnection connection = new ClientConnection(this, channel, host, path, handler, offer);
                SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
                connection.registered(key);
                open.add(connection);
                if (channel.connect(server)) {
                    connection.onConnectable();
                }
            } catch (IOException e) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // failed anyway
                    }
                }
                handler.onError(null, "connect failed: " + e);
            }
        });
    }

    void closed(ClientConnection connection) {
        open.remove(connection);
    }

    /** Connections not yet closed (any thread; approximate while the loop runs). */
    public int openConnections() {
        return open.size();
    }

    /** The open connections; call on this loop's thread (see {@link #call}). */
    public java.util.List<ClientConnection> connections() {
        return java.util.List.copyOf(open);
    }

    /** Closes every connection of this loop cleanly (closing handshake). */
    public void closeAll() {
        execute(() -> open.forEach(ClientConnection::close));
    }

    /** Drops every connection of this loop at once. */
    public void abortAll() {
        execute(() -> Set.copyOf(open).forEach(ClientConnection::abort));
    }

    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    public <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void run() {
        while (running) {
            try {
                selector.select(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Set<SelectionKey> ready = selector.selectedKeys();
            for (SelectionKey key : ready) {
                ClientConnection connection = (ClientConnection) key.attachment();
                try {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        connection.onConnectable();
                    }
                    if (key.isValid() && key.isWritable()) {
                        connection.onWritable();
                    }
                    if (key.isValid() && key.isReadable()) {
                        connection.onReadable(readBuffer);
                    }
                } catch (java.nio.channels.CancelledKeyException ignored) {
                    // closed by a callback meanwhile
                }
            }
            ready.clear();
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
        Set.copyOf(open).forEach(ClientConnection::abort);
        try {
            selector.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5_000);
    }
}
