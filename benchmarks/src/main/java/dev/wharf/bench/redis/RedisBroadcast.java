package dev.wharf.bench.redis;

import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.scenario.BroadcastScenario;
import dev.wharf.bench.scenario.Result;
import dev.wharf.bench.scenario.Scenario;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The broadcast scenario on one room split over two Wharf servers that share it through a local Redis, against the
 * same room on one Wharf server, measured in the same run, alternating round by round, so that the ratio holds on a
 * noisy machine. Every Wharf server (the one, and each of the two) runs on embedded Jetty in a JVM of its own
 * ({@link ServerProcess}, options from {@code --server-jvm}), the load generator in this one. A sender sends its next
 * message once every member (on both servers) got its previous one.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath/wharf-redis.txt) dev.wharf.bench.redis.RedisBroadcast \
 *     [--members 200] [--senders 4] [--rounds 3] [--warmup 2000] [--measure 10000] [--redis-server redis-server] \
 *     [--server-jvm "-Xmx512m -XX:+UseParallelGC"]
 * </pre>
 */
public final class RedisBroadcast {

    private RedisBroadcast() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int members = Integer.parseInt(opt.getOrDefault("members", "200"));
        int senders = Integer.parseInt(opt.getOrDefault("senders", "4"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        Scenario.Timing timing = new Scenario.Timing(Long.parseLong(opt.getOrDefault("warmup", "2000")),
                Long.parseLong(opt.getOrDefault("measure", "10000")));
        List<String> jvm = List.of(opt.getOrDefault("server-jvm", "-Xmx512m").trim().split("\\s+"));
        List<Result> one = new ArrayList<>();
        List<Result> two = new ArrayList<>();
        try (RedisProcess redis = new RedisProcess(opt.getOrDefault("redis-server", "redis-server"))) {
            for (int round = 0; round < rounds; round++) {
                one.add(oneServer(members, senders, timing, jvm));
                two.add(twoServers(redis.url(), members, senders, timing, jvm));
                System.err.printf(Locale.ROOT, "round %d: one %s, two %s%n", round + 1, one.get(round).figures(),
                        two.get(round).figures());
            }
        }
        System.out.println(table(members, senders, one, two));
    }

    private static Result oneServer(int members, int senders, Scenario.Timing timing, List<String> jvm)
            throws Exception {
        try (ServerProcess server = new ServerProcess(null, jvm)) {
            return run(List.of(server.port(), server.port()), members, senders, timing);
        }
    }

    private static Result twoServers(String redis, int members, int senders, Scenario.Timing timing, List<String> jvm)
            throws Exception {
        try (ServerProcess a = new ServerProcess(redis, jvm); ServerProcess b = new ServerProcess(redis, jvm)) {
            return run(List.of(a.port(), b.port()), members, senders, timing);
        }
    }

    /** One load loop per port, members alternating between them. */
    private static Result run(List<Integer> ports, int members, int senders, Scenario.Timing timing)
            throws Exception {
        List<LoadClient> clients = new ArrayList<>();
        try {
            for (int port : ports) {
                clients.add(new LoadClient(new InetSocketAddress("127.0.0.1", port), 1, 1));
            }
            return BroadcastScenario.withRoomsApi(members, senders).run(clients, null, timing, true);
        } finally {
            for (LoadClient c : clients) {
                c.close();
            }
        }
    }

    private static String table(int members, int senders, List<Result> one, List<Result> two) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "broadcast, %d members, %d senders: median of %d rounds (min-max)%n%n",
                members, senders, one.size()));
        out.append("| configuration | deliveries/s | fan-out p99 ms | errors |\n| --- | --- | --- | --- |\n");
        row(out, "one Wharf server", one);
        row(out, "two Wharf servers through Redis", two);
        double rate = median(two, BroadcastScenario.RATE) / median(one, BroadcastScenario.RATE);
        double p99 = median(two, BroadcastScenario.P99) / median(one, BroadcastScenario.P99);
        out.append(String.format(Locale.ROOT, "%ntwo servers / one (medians): deliveries/s x%.2f, fan-out p99 x%.2f%n",
                rate, p99));
        out.append("per round (two / one, same round): deliveries/s");
        for (int i = 0; i < one.size(); i++) {
            out.append(String.format(Locale.ROOT, " x%.2f", two.get(i).figures().get(BroadcastScenario.RATE)
                    / one.get(i).figures().get(BroadcastScenario.RATE)));
        }
        out.append(", fan-out p99");
        for (int i = 0; i < one.size(); i++) {
            out.append(String.format(Locale.ROOT, " x%.2f", two.get(i).figures().get(BroadcastScenario.P99)
                    / one.get(i).figures().get(BroadcastScenario.P99)));
        }
        out.append('\n');
        return out.toString();
    }

    private static void row(StringBuilder out, String name, List<Result> runs) {
        out.append(String.format(Locale.ROOT, "| %s | %,.0f (%,.0f-%,.0f) | %.1f (%.1f-%.1f) | %d |%n", name,
                median(runs, BroadcastScenario.RATE), min(runs, BroadcastScenario.RATE),
                max(runs, BroadcastScenario.RATE), median(runs, BroadcastScenario.P99),
                min(runs, BroadcastScenario.P99), max(runs, BroadcastScenario.P99),
                runs.stream().mapToLong(Result::errors).sum()));
    }

    private static double median(List<Result> runs, dev.wharf.bench.scenario.Metric m) {
        double[] v = runs.stream().mapToDouble(r -> r.figures().get(m)).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Result> runs, dev.wharf.bench.scenario.Metric m) {
        return runs.stream().mapToDouble(r -> r.figures().get(m)).min().orElse(Double.NaN);
    }

    private static double max(List<Result> runs, dev.wharf.bench.scenario.Metric m) {
        return runs.stream().mapToDouble(r -> r.figures().get(m)).max().orElse(Double.NaN);
    }
}
