package dev.wharf.bench.scenario;

/** A figure a scenario reports: its label with unit, and which way is better. */
public record Metric(String label, boolean higherIsBetter) {

    public static Metric higher(String label) {
        return new Metric(label, true);
    }

    public static Metric lower(String label) {
        return new Metric(label, false);
    }
}
