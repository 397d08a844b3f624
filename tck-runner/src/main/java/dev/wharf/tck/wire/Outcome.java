package dev.wharf.tck.wire;

/** The verdict of one case and, unless it is {@link Verdict#OK}, what was observed. */
public record Outcome(Verdict verdict, String detail) {

    public static Outcome ok() {
        return new Outcome(Verdict.OK, "");
    }

    public static Outcome nonStrict(String detail) {
        return new Outcome(Verdict.NON_STRICT, detail);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Verdict.FAILED, detail);
    }

    public boolean isOk() {
        return verdict == Verdict.OK;
    }

    /** This outcome if it already falls short, else {@code next}'s. */
    public Outcome then(Outcome next) {
        return verdict == Verdict.OK ? next : verdict.compareTo(next.verdict) >= 0 ? this : next;
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? verdict.label() : verdict.label() + ": " + detail;
    }
}
