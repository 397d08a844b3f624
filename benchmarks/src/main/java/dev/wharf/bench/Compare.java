package dev.wharf.bench;

import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.scenario.BroadcastScenario;
import dev.wharf.bench.scenario.ChurnScenario;
import dev.wharf.bench.scenario.DeflateEchoScenario;
import dev.wharf.bench.scenario.EchoScenario;
import dev.wharf.bench.scenario.HeaderFloodScenario;
import dev.wharf.bench.scenario.IdleDeflateScenario;
import dev.wharf.bench.scenario.IdleScenario;
import dev.wharf.bench.scenario.Result;
import dev.wharf.bench.scenario.Scenario;
import dev.wharf.bench.scenario.SlowReaderScenario;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison: every scenario against every contender, each contender in its own JVM with identical flags,
 * round-robin over contenders for {@code --rounds} rounds (the starting contender rotates) so that noise shows up as
 * spread. Prints one Markdown table per scenario ({@link ComparisonTable}): median and min-max per figure, and each
 * Wharf contender's ratio to the best other contender, of medians and within each round.
 *
 * <pre>java -cp benchmarks/target/classes dev.wharf.bench.Compare [--rounds 3] [--warmup 1000] [--measure 3000]
 *     [--contenders wharf-tomcat,tomcat,...] (opt-in yardsticks for echo, churn and idle: floor,floor-batched,floor-tomcat,floor-undertow,
 *     floor-jetty; floor and floor-batched serve broadcast and broadcast-rooms too)
 *     [--scenarios echo-small,echo-large,idle,churn,broadcast,broadcast-rooms,echo-deflate]
 *     [--scenarios hostile-headers --flood 1000]
 *     [--scenarios slow-readers,slow-readers-async --slow 500 --slow-seconds 30] (these three not run by default)
 *     [--scenarios idle-deflate --idle-deflate 1000 [--profile dir]] [--socket-buffer 65536]
 *     [--idle 2000] [--members 500] [--json 1536] [--jvm "-Xms64m -Xmx1g"] [--java /usr/lib/jvm/jdk-25]
 *     [--load-threads 1] [--out file.md]</pre>
 * {@code --java} is the JDK home the servers are forked with (default: the one running Compare). {@code --profile}
 * writes idle-deflate's memory profiles there (add {@code -XX:NativeMemoryTracking=summary} to {@code --jvm}), and
 * idle's: live heap per connection by class and the server's threads by name.
 */
public final class Compare {

    private Compare() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        Scenario.Timing timing = new Scenario.Timing(Long.parseLong(opt.getOrDefault("warmup", "1000")),
                Long.parseLong(opt.getOrDefault("measure", "3000")));
        List<Contender> contenders = opt.containsKey("contenders")
                ? Arrays.stream(opt.get("contenders").split(",")).map(l -> Contender.byLabel(l)
                        .orElseThrow(() -> new IllegalArgumentException("unknown contender " + l))).toList()
                : Contender.all();
        List<Scenario> all = List.of(
                EchoScenario.small(Integer.parseInt(opt.getOrDefault("connections", "16")), 4, 128),
                EchoScenario.large(4, 1 << 20),
                new IdleScenario(Integer.parseInt(opt.getOrDefault("idle", "2000")),
                        opt.containsKey("profile") ? Path.of(opt.get("profile")) : null),
                new IdleDeflateScenario(Integer.parseInt(opt.getOrDefault("idle-deflate", "1000")), 300,
                        opt.containsKey("profile") ? Path.of(opt.get("profile")) : null),
                new ChurnScenario(16),
                new BroadcastScenario(Integer.parseInt(opt.getOrDefault("members", "200")), 4),
                BroadcastScenario.withRoomsApi(Integer.parseInt(opt.getOrDefault("members", "200")), 4),
                new DeflateEchoScenario(Integer.parseInt(opt.getOrDefault("connections", "16")), 4,
                        Integer.parseInt(opt.getOrDefault("json", "1536"))),
                new HeaderFloodScenario(Integer.parseInt(opt.getOrDefault("flood", "1000"))),
                SlowReaderScenario.blocking(Integer.parseInt(opt.getOrDefault("slow", "500")),
                        Long.parseLong(opt.getOrDefault("slow-seconds", "30")),
                        Integer.parseInt(opt.getOrDefault("socket-buffer", "0"))),
                SlowReaderScenario.async(Integer.parseInt(opt.getOrDefault("slow", "500")),
                        Long.parseLong(opt.getOrDefault("slow-seconds", "30")),
                        Integer.parseInt(opt.getOrDefault("socket-buffer", "0"))));
        List<String> wanted = Arrays.asList(opt.getOrDefault("scenarios",
                "echo-small,echo-large,idle,churn,broadcast,broadcast-rooms,echo-deflate").split(","));
        List<Scenario> scenarios = all.stream().filter(s -> wanted.contains(s.name())).toList();
        // The JVM the servers run on (a JDK's home directory); default: the one running this.
        Path java = Path.of(opt.getOrDefault("java", System.getProperty("java.home")));
        List<String> jvm = new ArrayList<>(
                Arrays.asList(opt.getOrDefault("jvm", "-Xms64m -Xmx1g -XX:+UseG1GC").trim().split("\\s+")));
        if (opt.containsKey("socket-buffer")) {
            jvm.add("-Dbench.socketBuffer=" + Integer.parseInt(opt.get("socket-buffer")));
        }
        // Selector threads of the load generator; one keeps it off the server's cores on a small machine.
        int loadThreads = Integer.parseInt(opt.getOrDefault("load-threads", "1"));
        Path base = Path.of(opt.getOrDefault("module", "benchmarks"));
        Path classes = base.resolve("target/classes");
        Path classPaths = base.resolve("target/classpath");
        Path logs = base.resolve("target/bench-logs");

        // results[scenario][contender][round]: a round a contender failed is absent
        Map<String, Map<Contender, Map<Integer, Result>>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < contenders.size(); k++) {
                Contender c = contenders.get((k + round) % contenders.size());
                System.err.printf("round %d/%d: %s%n", round + 1, rounds, c.label());
                try (ServerProcess server = ServerProcess.start(c, java, classes, classPaths, jvm,
                        logs.resolve(c.label() + "-" + (round + 1) + ".log"));
                        LoadClient client = new LoadClient(new InetSocketAddress("127.0.0.1", server.port()),
                                loadThreads, 16)) {
                    for (Scenario s : scenarios) {
                        Result r = s.run(server, client, timing);
                        System.err.println("  " + r);
                        results.computeIfAbsent(s.name(), n -> new LinkedHashMap<>())
                                .computeIfAbsent(c, x -> new LinkedHashMap<>()).put(round, r);
                    }
                } catch (Exception e) {
                    System.err.println("  " + c.label() + " failed: " + e);
                }
            }
        }
        String report = ComparisonTable.render(results, contenders, rounds, timing.warmupMillis(),
                timing.measureMillis());
        System.out.println(report);
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), report);
        }
    }
}
