package dev.wharf.metrics;

/**
 * The fixed set of buckets closes are counted in, so that counting is an array index, never a map look-up: each code
 * RFC 6455 §7.4.1 defines (1000-1015) has its own, codes for libraries and frameworks (3000-3999) share one, codes
 * for applications (4000-4999) share one, and anything else shares the last.
 */
public final class CloseCodeSlots {

    private static final int FIRST = 1000;
    private static final int DEFINED = 16;
    /** Number of buckets. */
    public static final int COUNT = DEFINED + 3;
    private static final String[] LABELS = labels();

    private CloseCodeSlots() {
    }

    /** The bucket of {@code code}. */
    public static int of(int code) {
        if (code >= FIRST && code < FIRST + DEFINED) {
            return code - FIRST;
        }
        if (code >= 3000 && code <= 3999) {
            return DEFINED;
        }
        if (code >= 4000 && code <= 4999) {
            return DEFINED + 1;
        }
        return DEFINED + 2;
    }

    /** The bucket's label: the code itself, "3xxx", "4xxx" or "other". */
    public static String label(int slot) {
        return LABELS[slot];
    }

    private static String[] labels() {
        String[] labels = new String[COUNT];
        for (int i = 0; i < DEFINED; i++) {
            labels[i] = Integer.toString(FIRST + i);
        }
        labels[DEFINED] = "3xxx";
        labels[DEFINED + 1] = "4xxx";
        labels[DEFINED + 2] = "other";
        return labels;
    }
}
