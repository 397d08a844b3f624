package dev.wharf.bench;

import dev.wharf.bench.scenario.Metric;
import dev.wharf.bench.scenario.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders {@link Compare}'s results as one Markdown table per scenario: each contender's median and min-max per
 * figure, each Wharf contender's ratio to the best other contender's median, and (with more than one round) the same
 * ratio taken within each round.
 *
 * <p>Why the per-round row: on a shared machine the speed of the whole box drifts between rounds (the load generator's
 * own CPU per MiB moved by 45 % between rounds of one run), and a ratio of medians pairs a Wharf round from a fast
 * minute with a peer's round from a slow one. Contenders of one round run one after another within a few minutes, so
 * the ratio within a round cancels most of that drift; its median over rounds, with its min-max, shows how settled a
 * ratio is.
 */
final class ComparisonTable {

    private ComparisonTable() {}

    /**
     * {@code results[scenario][contender][round]}: one result per round a contender completed (a round it failed is
     * absent). Rows follow {@code contenders}' order.
     */
    static String render(Map<String, Map<Contender, Map<Integer, Result>>> results, List<Contender> contenders,
            int rounds, long warmupMillis, long measureMillis) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d round(s), warm-up %d ms, measured %d ms; median (min-max over rounds);"
                + " ratio = Wharf contender / best other without notes (↑ higher is better, ↓ lower is better),"
                + " of medians, and with more rounds the median (min-max) of the ratios within each round;"
                + " a contender with errors in a round is marked *%n%n", rounds, warmupMillis, measureMillis));
        for (var scenario : results.entrySet()) {
            new ScenarioTable(scenario.getValue(), contenders).appendTo(out, scenario.getKey());
        }
        return out.toString();
    }

    /** One scenario's table. */
    private static final class ScenarioTable {

        private final Map<Contender, Map<Integer, Result>> byContender;
        private final List<Contender> contenders;
        private final List<Metric> metrics = new ArrayList<>();

        ScenarioTable(Map<Contender, Map<Integer, Result>> byContender, List<Contender> contenders) {
            this.byContender = byContender;
            this.contenders = contenders;
            byContender.values().stream().flatMap(m -> m.values().stream()).findFirst()
                    .ifPresent(r -> metrics.addAll(r.figures().keySet()));
        }

        void appendTo(StringBuilder out, String name) {
            out.append("### ").append(name).append("\n\n| contender |");
            metrics.forEach(m -> out.append(' ').append(m.label()).append(m.higherIsBetter() ? " ↑" : " ↓")
                    .append(" |"));
            out.append("\n|---|").append("---|".repeat(metrics.size())).append('\n');
            Map<Contender, double[]> medians = new LinkedHashMap<>();
            for (Contender c : contenders) {
                boolean flawed = runs(c).values().stream().anyMatch(r -> !r.ok());
                out.append("| ").append(c.label()).append(flawed ? " *" : "").append(" |");
                double[] med = new double[metrics.size()];
                for (int i = 0; i < metrics.size(); i++) {
                    Metric m = metrics.get(i);
                    double[] v = runs(c).values().stream().filter(Result::ok).mapToDouble(r -> figure(r, m))
                            .filter(x -> !Double.isNaN(x)).sorted().toArray();
                    med[i] = median(v);
                    out.append(' ').append(v.length == 0 ? "—" : v.length == 1 ? fmt(med[i])
                            : fmt(med[i]) + " (" + fmt(v[0]) + "–" + fmt(v[v.length - 1]) + ")").append(" |");
                }
                medians.put(c, med);
                out.append('\n');
            }
            for (Contender w : contenders) {
                if (w.isWharf()) {
                    ratioRow(out, w, medians);
                    roundRatioRow(out, w);
                    floorRow(out, w, medians);
                }
            }
            out.append('\n');
            // notes that are not errors (e.g. permessage-deflate declined), once per contender
            for (Contender c : contenders) {
                runs(c).values().stream().flatMap(r -> r.notes().stream()).distinct()
                        .forEach(n -> out.append("- ").append(c.label()).append(": ").append(n).append('\n'));
            }
            if (byContender.values().stream().flatMap(m -> m.values().stream())
                    .anyMatch(r -> !r.notes().isEmpty())) {
                out.append('\n');
            }
        }

        /** A Wharf contender's medians over the best other's medians. */
        private void ratioRow(StringBuilder out, Contender w, Map<Contender, double[]> medians) {
            out.append("| **").append(w.label()).append(" ÷ best other** |");
            for (int i = 0; i < metrics.size(); i++) {
                int col = i;
                double best = best(metrics.get(i), medians.keySet(), c -> medians.get(c)[col]);
                out.append(' ').append(ratio(medians.get(w)[i] / best)).append(" |");
            }
            out.append('\n');
        }

        /**
         * Within each round that {@code w} completed: its figure over the best other's in that round; the median
         * (min-max) of those ratios. Only with two or more such rounds.
         */
        private void roundRatioRow(StringBuilder out, Contender w) {
            List<Integer> rounds = runs(w).entrySet().stream().filter(e -> e.getValue().ok()).map(Map.Entry::getKey)
                    .sorted().toList();
            if (rounds.size() < 2) {
                return;
            }
            out.append("| ").append(w.label()).append(" ÷ best other, within each round |");
            for (Metric m : metrics) {
                double[] v = rounds.stream().mapToDouble(round -> figure(runs(w).get(round), m)
                        / best(m, others(), c -> okFigure(runs(c).get(round), m)))
                        .filter(x -> !Double.isNaN(x) && !Double.isInfinite(x)).sorted().toArray();
                out.append(' ').append(v.length == 0 ? "—" : v.length == 1 ? ratio(v[0])
                        : ratio(median(v)) + " (" + ratio(v[0]) + "–" + ratio(v[v.length - 1]) + ")").append(" |");
            }
            out.append('\n');
        }

        /** A Wharf contender's figures over the floor's ({@code floor}, when it ran): how far above the least. */
        private void floorRow(StringBuilder out, Contender w, Map<Contender, double[]> medians) {
            if (!contenders.contains(Contender.FLOOR) || !medians.containsKey(Contender.FLOOR)) {
                return;
            }
            out.append("| ").append(w.label()).append(" ÷ floor |");
            for (int i = 0; i < metrics.size(); i++) {
                out.append(' ').append(ratio(medians.get(w)[i] / medians.get(Contender.FLOOR)[i])).append(" |");
            }
            out.append('\n');
        }

        /**
         * The best of {@code candidates}' values of {@code m} among the contenders a Wharf contender is compared with:
         * neither Wharf nor a yardstick, and with no notes in any round (a contender with notes ran a different
         * workload, e.g. declined deflate). NaN when none has a value.
         */
        private double best(Metric m, Iterable<Contender> candidates, ToDoubleFunction<Contender> value) {
            double best = Double.NaN;
            for (Contender c : candidates) {
                if (c.isWharf() || c.isYardstick() || runs(c).values().stream().anyMatch(r -> !r.notes().isEmpty())) {
                    continue;
                }
                double x = value.applyAsDouble(c);
                if (!Double.isNaN(x) && (Double.isNaN(best) || (m.higherIsBetter() ? x > best : x < best))) {
                    best = x;
                }
            }
            return best;
        }

        private List<Contender> others() {
            return contenders.stream().filter(c -> !c.isWharf()).toList();
        }

        private Map<Integer, Result> runs(Contender c) {
            return byContender.getOrDefault(c, Map.of());
        }
    }

    private static double figure(Result r, Metric m) {
        return r.figures().getOrDefault(m, Double.NaN);
    }

    /** {@code r}'s value of {@code m}, or NaN when there is no result or it had errors. */
    private static double okFigure(Result r, Metric m) {
        return r == null || !r.ok() ? Double.NaN : figure(r, m);
    }

    /** The median of sorted {@code v}; NaN when empty. */
    private static double median(double[] v) {
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2]
                : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "—" : String.format("%.2f×", r);
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        return a >= 1000 ? String.format("%,.0f", v) : a >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
