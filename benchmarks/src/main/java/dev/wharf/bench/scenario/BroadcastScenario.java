package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import dev.wharf.bench.load.ClientConnection;
import dev.wharf.bench.load.ConnectionHandler;
import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.load.Samples;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broadcast in one room of {@code /room/{name}}: {@code members} connections join (a member counts once the room's
 * welcome arrived), {@code senders} of them each keep one 64-byte text message in flight (the next goes when the
 * server delivered the previous one back to its sender).
 * Every member must get every message of every sender, in order. Reports deliveries/s, fan-out latency (send to
 * receipt by a member) and server CPU per delivery.
 */
public final class BroadcastScenario implements Scenario {

    public static final Metric RATE = Metric.higher("deliveries/s");
    public static final Metric P99 = Metric.lower("fan-out p99 ms");
    public static final Metric CPU = Metric.lower("CPU µs/delivery");
    /** The CPU column split: user (the JVM's own work) and system (the kernel's, for the server's system calls). */
    public static final Metric USER = Metric.lower("user µs/delivery");
    public static final Metric SYSTEM = Metric.lower("sys µs/delivery");
    /**
     * The load generator's own CPU (this JVM's, whose only work in the window is the load client) per delivery, and
     * as a share of one core per load thread: near 100 % the client, not the server, caps the rate.
     */
    public static final Metric CLIENT_CPU = Metric.lower("client CPU µs/delivery");
    public static final Metric CLIENT_BUSY = Metric.lower("client busy %");
    /** The server's write system calls per delivery: 1 when every frame is its own write, less when gathered. */
    public static final Metric WRITES = Metric.lower("server writes/delivery");
    /**
     * Bytes the server's threads allocated per delivery over the window (exact per-thread counters, so load does not
     * distort it; a thread that ended inside the window is missed, which under a steady load is none of the busy ones).
     */
    public static final Metric ALLOCATED = Metric.lower("server B allocated/delivery");
    /**
     * The server's voluntary context switches per delivery ({@link ServerProcess#voluntarySwitches}): its threads'
     * waits, one per wake-up (hand-offs between threads, a selector's {@code epoll_wait}).
     */
    public static final Metric SWITCHES = Metric.lower("server switches/delivery");
    private static final int SIZE = 64;
    private static final AtomicLong ROOMS = new AtomicLong();
    /** What the room sends a member from {@code @OnOpen}, after adding it. */
    private static final byte[] JOINED = "joined".getBytes(StandardCharsets.US_ASCII);

    private final int members;
    private final int senders;
    /** Wharf contenders use the room on Wharf's rooms API; the others their own broadcast, as in "broadcast". */
    private final boolean roomsApi;

    public BroadcastScenario(int members, int senders) {
        this(members, senders, false);
    }

    private BroadcastScenario(int members, int senders, boolean roomsApi) {
        this.members = members;
        this.senders = Math.min(senders, members);
        this.roomsApi = roomsApi;
    }

    /**
     * "broadcast-rooms": the same workload, served on Wharf contenders by {@code WharfRoomEndpoint} (encode-once
     * broadcast through {@code dev.wharf.rooms.Rooms}), on the others by the same {@code RoomEndpoint} as
     * "broadcast": Wharf's own API against the best the Jakarta API gives each other container.
     */
    public static BroadcastScenario withRoomsApi(int members, int senders) {
        return new BroadcastScenario(members, senders, true);
    }

    @Override
    public String name() {
        return roomsApi ? "broadcast-rooms" : "broadcast";
    }

    /** Per-member state: the next sequence number expected from each sender. */
    private final class Member {
        final int id;
        final long[] expected = new long[senders];
        final byte[] payload = new byte[SIZE];
        long sent;
        boolean joined;

        Member(int id) {
            this.id = id;
            for (int i = 48; i < SIZE; i++) {
                payload[i] = 'x';
            }
        }
    }

    @Override
    public Result run(ServerProcess server, LoadClient client, Timing timing) throws Exception {
        // Only Wharf serves the room on its rooms API; the others serve "broadcast"'s room in both scenarios.
        return run(java.util.List.of(client), server::cpuNanos, () -> server.cpuSplitNanos()[1], server::writeCalls,
                () -> allocated(server), server::voluntarySwitches, timing, false,
                roomsApi && server.contender().isWharf());
    }

    /**
     * The same room spread over several servers: members connect to {@code clients}' servers in turn (one room
     * through a broker such as Redis). {@code cpuNanos} is the servers' CPU time so far, or null when it cannot be
     * told apart from the load generator's (servers in this JVM): CPU per delivery is then not reported.
     */
    public Result run(java.util.List<LoadClient> clients, java.util.function.LongSupplier cpuNanos, Timing timing)
            throws Exception {
        return run(clients, cpuNanos, timing, false);
    }

    /**
     * As {@link #run(java.util.List, java.util.function.LongSupplier, Timing)}; with {@code pacedBySlowest} a sender
     * sends its next message only when every member got its previous one, instead of when it got it back itself.
     * Across servers its own server echoes it at once while the other servers get it later through the broker, so
     * pacing by the sender's own copy would let the other servers' backlog grow for the whole window.
     */
    public Result run(java.util.List<LoadClient> clients, java.util.function.LongSupplier cpuNanos, Timing timing,
            boolean pacedBySlowest) throws Exception {
        return run(clients, cpuNanos, null, null, null, null, timing, pacedBySlowest, roomsApi);
    }

    private static long allocated(ServerProcess server) {
        try {
            return server.allocatedBytes()[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * {@code systemNanos}: the system part of {@code cpuNanos}, or null;
     * {@code writeCalls}: the server's write system calls so far ({@link ServerProcess#writeCalls}), or null;
     * {@code allocatedBytes}: the bytes its threads allocated so far ({@link ServerProcess#allocatedBytes}), or null;
     * {@code switches}: its voluntary context switches so far ({@link ServerProcess#voluntarySwitches}), or null.
     */
    private Result run(java.util.List<LoadClient> clients, java.util.function.LongSupplier cpuNanos,
            java.util.function.LongSupplier systemNanos, java.util.function.LongSupplier writeCalls,
            java.util.function.LongSupplier allocatedBytes, java.util.function.LongSupplier switches, Timing timing,
            boolean pacedBySlowest, boolean onRoomsApi)
            throws Exception {
        Errors errors = new Errors();
        java.util.concurrent.atomic.AtomicIntegerArray receipts = new java.util.concurrent.atomic.AtomicIntegerArray(
                senders);
        ClientConnection[] senderConnections = new ClientConnection[senders];
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        LongAdder deliveries = new LongAdder();
        Samples latency = new Samples();
        long[] sentPerSender = new long[senders];
        boolean[] flags = new boolean[2]; // running, measuring: read on loop threads under the lock below
        Member[] all = new Member[members];
        String prefix = onRoomsApi ? "/rooms/r" : "/room/r";
        String path = prefix + ROOMS.incrementAndGet() + "-" + ProcessHandle.current().pid();

        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(ClientConnection connection) {
                Member m = new Member(ids.getAndIncrement());
                all[m.id] = m;
                connection.attachment = m;
                if (m.id < senders) {
                    senderConnections[m.id] = connection;
                }
            }

            @Override
            public void onMessage(ClientConnection connection, boolean text, byte[] data, int length) {
                long now = System.nanoTime();
                Member m = (Member) connection.attachment;
                if (!m.joined) {
                    // The room's welcome, sent by @OnOpen once the member is in: a 101 alone does not say that.
                    if (!text || !Arrays.equals(data, 0, length, JOINED, 0, JOINED.length)) {
                        errors.add("member " + m.id + " got a message before the room's welcome");
                        return;
                    }
                    m.joined = true;
                    opened.incrementAndGet();
                    return;
                }
                long sender = length == SIZE ? Scenario.getHex(data, 16) : -1;
                long seq = length == SIZE ? Scenario.getHex(data, 32) : -1;
                if (!text || sender < 0 || sender >= senders || seq != m.expected[(int) sender]
                        || !Arrays.equals(data, 48, SIZE, m.payload, 48, SIZE)) {
                    errors.add("member " + m.id + " got a wrong or out-of-order message (sender " + sender + ", seq "
                            + seq + ")");
                    return;
                }
                m.expected[(int) sender]++;
                deliveries.increment();
                boolean running;
                boolean measuring;
                synchronized (flags) {
                    running = flags[0];
                    measuring = flags[1];
                }
                if (measuring) {
                    latency.add(now - Scenario.getHex(data, 0));
                }
                if (pacedBySlowest) {
                    // the last member to get this message lets its sender go on, on the sender's own loop
                    if (receipts.incrementAndGet((int) sender) == members) {
                        receipts.set((int) sender, 0);
                        ClientConnection c = senderConnections[(int) sender];
                        if (running) {
                            c.loop().execute(() -> send(c, (Member) c.attachment));
                        }
                    }
                } else if (sender == m.id && running) {
                    send(connection, m);
                }
            }

            @Override
            public void onError(ClientConnection connection, String problem) {
                errors.add(problem);
            }
        };
        for (int i = 0; i < members; i++) {
            clients.get(i % clients.size()).connect(path, handler);
        }
        if (!Scenario.await(() -> opened.get() == members || errors.count() > 0, 60_000)) {
            errors.add("only " + opened.get() + " of " + members + " members joined");
        }
        synchronized (flags) {
            flags[0] = true;
        }
        for (LoadClient client : clients) {
            for (ClientConnection c : senders(client, all)) {
                c.loop().execute(() -> send(c, (Member) c.attachment));
            }
        }
        Thread.sleep(timing.warmupMillis());
        long d0 = deliveries.sum();
        long cpu0 = cpuNanos == null ? 0 : cpuNanos.getAsLong();
        long system0 = systemNanos == null ? 0 : systemNanos.getAsLong();
        long clientCpu0 = ClientCpu.nanos();
        long writes0 = writeCalls == null ? -1 : writeCalls.getAsLong();
        long alloc0 = allocatedBytes == null ? -1 : allocatedBytes.getAsLong();
        long switches0 = switches == null ? -1 : switches.getAsLong();
        long t0 = System.nanoTime();
        synchronized (flags) {
            flags[1] = true;
        }
        Thread.sleep(timing.measureMillis());
        synchronized (flags) {
            flags[0] = false;
            flags[1] = false;
        }
        long d = deliveries.sum() - d0;
        long cpu = cpuNanos == null ? 0 : cpuNanos.getAsLong() - cpu0;
        long system = systemNanos == null ? 0 : systemNanos.getAsLong() - system0;
        long clientCpu = ClientCpu.nanos() - clientCpu0;
        long writes = writes0 < 0 ? -1 : writeCalls.getAsLong() - writes0;
        long alloc1 = alloc0 < 0 ? -1 : allocatedBytes.getAsLong();
        long switches1 = switches0 < 0 ? -1 : switches.getAsLong();
        long allocated = alloc0 < 0 || alloc1 < 0 ? -1 : alloc1 - alloc0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        int loadThreads = clients.stream().mapToInt(c -> c.loops().size()).sum();

        // every member must end up with every message of every sender
        for (int s = 0; s < senders; s++) {
            sentPerSender[s] = all[s] == null ? 0 : all[s].sent;
        }
        boolean complete = Scenario.await(() -> {
            for (Member m : all) {
                for (int s = 0; m != null && s < senders; s++) {
                    if (m.expected[s] < all[s].sent) {
                        return false;
                    }
                }
            }
            return true;
        }, 10_000);
        if (!complete) {
            errors.add("some members did not receive every message");
        }
        for (LoadClient client : clients) {
            client.closeAll(10_000);
        }

        Map<Metric, Double> figures = new LinkedHashMap<>();
        figures.put(RATE, d / seconds);
        figures.put(P99, latency.quantiles(0.99)[0] / 1e6);
        figures.put(CPU, d == 0 || cpuNanos == null ? Double.NaN : cpu / 1e3 / d);
        figures.put(USER, d == 0 || systemNanos == null ? Double.NaN : (cpu - system) / 1e3 / d);
        figures.put(SYSTEM, d == 0 || systemNanos == null ? Double.NaN : system / 1e3 / d);
        // with the servers in this JVM (cpuNanos null) the process's CPU is not the client's alone
        figures.put(CLIENT_CPU, d == 0 || cpuNanos == null || clientCpu < 0 ? Double.NaN : clientCpu / 1e3 / d);
        figures.put(CLIENT_BUSY, cpuNanos == null || clientCpu < 0 ? Double.NaN
                : 100.0 * clientCpu / 1e9 / seconds / loadThreads);
        figures.put(WRITES, d == 0 || writes < 0 ? Double.NaN : (double) writes / d);
        figures.put(ALLOCATED, d == 0 || allocated < 0 ? Double.NaN : (double) allocated / d);
        figures.put(SWITCHES, d == 0 || switches1 < 0 ? Double.NaN : (double) (switches1 - switches0) / d);
        return new Result(name(), figures, deliveries.sum(), errors.count(), errors.first());
    }

    private void send(ClientConnection connection, Member m) {
        Scenario.putHex(System.nanoTime(), m.payload, 0);
        Scenario.putHex(m.id, m.payload, 16);
        Scenario.putHex(m.sent++, m.payload, 32);
        connection.sendText(m.payload, SIZE);
    }

    /** The connections of members 0 .. senders-1, fetched from their loops. */
    private java.util.List<ClientConnection> senders(LoadClient client, Member[] all) throws Exception {
        java.util.List<ClientConnection> result = new java.util.ArrayList<>();
        for (var loop : client.loops()) {
            result.addAll(loop.call(() -> loop.connections().stream()
                    .filter(c -> c.attachment instanceof Member m && m.id < senders && all[m.id] == m)
                    .toList()).get());
        }
        return result;
    }
}
