package dev.wharf.bench.scenario;

import dev.wharf.bench.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What idle connections hold in a server, for {@code idle --profile dir}: the live-heap class histogram after the
 * connections opened minus the one before, per class and per connection (instances and bytes), and the server's
 * threads grouped by name with the digits taken out (so {@code qtp123-45} and {@code qtp123-46} count together).
 * The histograms are taken by {@code GC.class_histogram}, which collects first: only what is reachable counts.
 */
final class IdleProfile {

    /** {@code   1:   12345   678901  java.lang.String (java.base@17)} */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    /** A thread's header line in {@code Thread.print}: its name in quotes. */
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]*)\"");

    private final String histogramBefore;

    private IdleProfile(String histogramBefore) {
        this.histogramBefore = histogramBefore;
    }

    /** Takes the baseline histogram; call before the connections open. */
    static IdleProfile before(ServerProcess server) throws InterruptedException {
        return new IdleProfile(server.diagnosticCommand("gcClassHistogram"));
    }

    /** Writes the profile of {@code connections} idle connections to a new file in {@code dir}. */
    void write(ServerProcess server, Path dir, int connections) throws InterruptedException, IOException {
        String histogramIdle = server.diagnosticCommand("gcClassHistogram");
        String threads = server.diagnosticCommand("threadPrint");
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s, %d idle connections, JDK %s%n%n== live heap per connection, by class"
                + " (idle minus before; classes adding >= 1 byte per connection) ==%n", server.contender().label(),
                connections, System.getProperty("java.version")));
        out.append(String.format("%10s %10s  %s%n", "bytes/conn", "inst/conn", "class"));
        Map<String, long[]> before = rows(histogramBefore);
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> row : rows(histogramIdle).entrySet()) {
            long[] was = before.getOrDefault(row.getKey(), new long[2]);
            long[] delta = {row.getValue()[0] - was[0], row.getValue()[1] - was[1]};
            total += delta[1];
            if (delta[1] >= connections) {
                grown.add(Map.entry(row.getKey(), delta));
            }
        }
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        for (Map.Entry<String, long[]> row : grown) {
            out.append(String.format("%10.1f %10.2f  %s%n", row.getValue()[1] / (double) connections,
                    row.getValue()[0] / (double) connections, row.getKey()));
        }
        out.append(String.format("%10.1f %10s  (all classes)%n%n== threads by name ==%n",
                total / (double) connections, ""));
        threadGroups(threads).forEach((name, n) -> out.append(String.format("%5d  %s%n", n, name)));
        Files.createDirectories(dir);
        Path file = dir.resolve(server.contender().label() + "-idle-" + connections + "-"
                + System.currentTimeMillis() + ".txt");
        Files.writeString(file, out);
        System.err.println("  idle profile: " + file);
    }

    /** Class name to {instances, bytes}. */
    private static Map<String, long[]> rows(String histogram) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : histogram.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return rows;
    }

    private static Map<String, Integer> threadGroups(String threadDump) {
        Map<String, Integer> groups = new TreeMap<>();
        for (String line : threadDump.split("\n")) {
            Matcher m = THREAD.matcher(line);
            if (m.find()) {
                groups.merge(m.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return groups;
    }
}
