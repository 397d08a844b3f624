package dev.wharf.tck.wire;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects outcomes for one target and prints the summary table per group, then every case that was not OK. */
public final class WireReport {

    private record Entry(WireCase c, Outcome outcome) {}

    private final WireTarget target;
    private final List<Entry> entries = new ArrayList<>();

    public WireReport(WireTarget target) {
        this.target = target;
    }

    public synchronized void record(WireCase c, Outcome outcome) {
        entries.add(new Entry(c, outcome));
    }

    public synchronized int count(Verdict v) {
        return (int) entries.stream().filter(e -> e.outcome.verdict() == v).count();
    }

    public synchronized void print(PrintStream out) {
        Map<Group, int[]> counts = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            counts.put(g, new int[Verdict.values().length]);
        }
        for (Entry e : entries) {
            counts.get(e.c.group())[e.outcome.verdict().ordinal()]++;
        }
        StringBuilder b = new StringBuilder();
        b.append('\n').append("RFC 6455 wire conformance: ").append(target.name()).append(" (").append(target.echo())
                .append(")\n");
        String row = "  %-20s %6s %6s %11s %7s%n";
        b.append(String.format(row, "group", "cases", "OK", "NON-STRICT", "FAILED"));
        int[] total = new int[Verdict.values().length];
        for (Map.Entry<Group, int[]> g : counts.entrySet()) {
            int[] c = g.getValue();
            int n = c[0] + c[1] + c[2];
            for (int i = 0; i < c.length; i++) {
                total[i] += c[i];
            }
            String name = g.getKey().title() + (g.getKey() == Group.COMPRESSION && n == 0 ? " (hook)" : "");
            b.append(String.format(row, name, n, c[0], c[1], c[2]));
        }
        b.append(String.format(row, "total", total[0] + total[1] + total[2], total[0], total[1], total[2]));
        for (Entry e : entries) {
            if (!e.outcome.isOk()) {
                b.append("  ").append(e.outcome.verdict().label()).append("  ").append(e.c.id()).append(' ')
                        .append(e.c.title()).append("\n      ").append(e.outcome.detail()).append('\n');
            }
        }
        out.print(b);
        out.flush();
    }
}
