package dev.wharf.session;

import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.EngineListener;
import dev.wharf.engine.Role;
import dev.wharf.engine.deflate.PerMessageDeflate;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server {@link WebSocketSession} wired to an in-memory client: the transport hands every written byte to a
 * client-role engine, whose events land in {@link #received}; what the test sends goes through that engine too.
 * The transport can be told to stop completing writes, to play a peer that does not read.
 */
final class MemoryPeer implements Transport {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final BlockingQueue<String> endpointEvents = new LinkedBlockingQueue<>();
    final WebSocketSession session;
    final SessionServices services;
    private final Engine client;
    private volatile boolean stalled;
    private final List<WriteCallback> stalledWrites = new ArrayList<>();
    private final List<ByteBuffer[]> stalledBuffers = new ArrayList<>();
    volatile boolean closed;
    private final boolean readerRunsCallbacks;
    /** Transport writes so far (each one gathering any number of frames). */
    final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

    MemoryPeer(ContainerDefaults defaults, java.util.function.Function<BlockingQueue<String>, Endpoint> endpoint) {
        this(defaults, endpoint, false);
    }

    /** @param deflate both sides run permessage-deflate, as if it had been negotiated */
    MemoryPeer(ContainerDefaults defaults, java.util.function.Function<BlockingQueue<String>, Endpoint> endpoint,
            boolean deflate) {
        this(defaults, endpoint, deflate, ServerEndpointConfig.Builder.create(Endpoint.class, "/x").build());
    }

    /** @param config the endpoint's configuration (decoders, user properties) */
    MemoryPeer(ContainerDefaults defaults, java.util.function.Function<BlockingQueue<String>, Endpoint> endpoint,
            boolean deflate, ServerEndpointConfig config) {
        this(defaults, endpoint, deflate, config, false);
    }

    /** An open session over {@link #recordingEcho}, once its onOpen has run. */
    static MemoryPeer openedEcho(ContainerDefaults defaults) throws InterruptedException {
        MemoryPeer peer = new MemoryPeer(defaults, MemoryPeer::recordingEcho);
        peer.session.open();
        String first = peer.next(peer.endpointEvents);
        if (!first.equals("open")) {
            throw new AssertionError("expected onOpen first, got " + first);
        }
        return peer;
    }

    /** Stops the session's container threads (a test's clean-up). */
    void shutdown() {
        services.shutdown("test over", 1000);
    }

    /** A peer whose transport lets its reader run callbacks ({@link #readerMayRunCallbacks()}), as Jetty's does. */
    static MemoryPeer readerRunsCallbacks(ContainerDefaults defaults,
            java.util.function.Function<BlockingQueue<String>, Endpoint> endpoint) {
        return new MemoryPeer(defaults, endpoint, false,
                ServerEndpointConfig.Builder.create(Endpoint.class, "/x").build(), true);
    }

    private MemoryPeer(ContainerDefaults defaults, java.util.function.Function<BlockingQueue<String>, Endpoint> endpoint,
            boolean deflate, ServerEndpointConfig config, boolean readerRunsCallbacks) {
        this.readerRunsCallbacks = readerRunsCallbacks;
        services = new SessionServices(null, defaults, "memory", 8);
        client = new Engine(EngineConfig.builder(Role.CLIENT)
                .extensions(deflate ? List.of(PerMessageDeflate.forClient(false, false)) : List.of())
                .build(), new EngineListener() {
            @Override
            public void onText(String text, boolean last) {
                received.add("text:" + text);
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                received.add("binary:" + data.remaining());
            }

            @Override
            public void onPing(ByteBuffer payload) {
            }

            @Override
            public void onPong(ByteBuffer payload) {
                received.add("pong");
            }

            @Override
            public void onClose(int code, String reason) {
                received.add("close:" + code + ":" + reason);
            }

            @Override
            public void onFailure(int code, String reason) {
                received.add("failure:" + code);
            }
        }, frame -> { });
        SessionInfo info = new SessionInfo("ws://localhost/x", null, Map.of(), Map.of(), null, "",
                List.of(), false, new ConcurrentHashMap<>());
        session = new WebSocketSession(services, new SessionGroup(), endpoint.apply(endpointEvents), config, info, this,
                EngineConfig.builder(Role.SERVER).repliesToClose(false)
                        .extensions(deflate ? List.of(PerMessageDeflate.forServer(false, false)) : List.of())
                        .build(), getClass().getClassLoader());
    }

    /** An endpoint that echoes text and records its lifecycle in {@link #endpointEvents}. */
    static Endpoint recordingEcho(BlockingQueue<String> events) {
        return new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    try {
                        session.getBasicRemote().sendText(text);
                    } catch (java.io.IOException e) {
                        events.add("send failed: " + e);
                    }
                });
                events.add("open");
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                events.add("close:" + reason.getCloseCode().getCode() + ":" + reason.getReasonPhrase());
            }

            @Override
            public void onError(Session session, Throwable error) {
                events.add("error:" + error);
            }
        };
    }

    void clientSends(ByteBuffer[] frame) {
        int size = 0;
        for (ByteBuffer b : frame) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : frame) {
            all.put(b.duplicate());
        }
        session.onBytes(all.flip());
    }

    Engine client() {
        return client;
    }

    void stall() {
        stalled = true;
    }

    String next(BlockingQueue<String> queue) throws InterruptedException {
        String s = queue.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("nothing arrived within 10 s");
        }
        return s;
    }

    // ---- Transport -------------------------------------------------------------------------------------------

    @Override
    public synchronized void write(ByteBuffer[] buffers, WriteCallback callback) {
        if (closed) {
            callback.failed(new java.io.IOException("closed"));
            return;
        }
        writes.incrementAndGet();
        if (stalled) {
            stalledWrites.add(callback);
            stalledBuffers.add(buffers);
            return;
        }
        deliver(buffers);
        callback.completed();
    }

    private void deliver(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
            client.receive(copy);
        }
    }

    /** The peer reads again: stalled writes reach it, in order, and complete. */
    void resume() {
        List<WriteCallback> callbacks;
        synchronized (this) {
            stalled = false;
            if (closed) {
                return;
            }
            for (ByteBuffer[] buffers : stalledBuffers) {
                deliver(buffers);
            }
            callbacks = new ArrayList<>(stalledWrites);
            stalledWrites.clear();
            stalledBuffers.clear();
        }
        for (WriteCallback c : callbacks) {
            c.completed();
        }
    }

    /** How often the session paused and resumed reading (the in-memory peer does not actually stop). */
    final java.util.concurrent.atomic.AtomicInteger suspends = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger resumes = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void suspendReading() {
        suspends.incrementAndGet();
    }

    @Override
    public void resumeReading() {
        resumes.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void abort() {
        List<WriteCallback> failed;
        synchronized (this) {
            closed = true;
            failed = new ArrayList<>(stalledWrites);
            stalledWrites.clear();
            stalledBuffers.clear();
        }
        for (WriteCallback c : failed) {
            c.failed(new java.io.IOException("aborted"));
        }
    }

    @Override
    public boolean readerMayRunCallbacks() {
        return readerRunsCallbacks;
    }

}
