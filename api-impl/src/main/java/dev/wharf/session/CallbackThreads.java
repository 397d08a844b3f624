package dev.wharf.session;

import java.util.Locale;

/**
 * Which threads run endpoint callbacks: the container's setting ({@code dev.wharf.callbackThreads}) and the choice
 * {@code AUTO} makes on the JVM at hand.
 *
 * <p>Virtual threads (Java 21+) make a callback that waits in a blocking send for a peer that does not read cost a
 * parked continuation instead of an OS thread: 1,000 such peers no longer mean hundreds of platform threads. But on
 * Java 21 to 23 a virtual thread that waits while it holds a monitor ({@code synchronized}, or {@code Object.wait})
 * pins its carrier, and there are only as many carriers as cores: endpoint code that sends inside
 * {@code synchronized} (the usual way to keep the basic remote from concurrent use, which the spec forbids) would
 * stall every other session's callbacks for as long as one peer does not read. Java 24 (JEP 491) unmounts such
 * threads too, so {@code AUTO} takes virtual threads from Java 24 on and platform threads before.
 */
public enum CallbackThreads {
    /** Virtual threads on Java 24 and later, platform threads before. */
    AUTO,
    /** Virtual threads; start-up fails on a JVM without them (before Java 21). */
    VIRTUAL,
    /** Platform threads, as on Java 17. */
    PLATFORM;

    /** The init parameter and system property that choose, {@code auto|virtual|platform}. */
    public static final String PROPERTY = "dev.wharf.callbackThreads";
    /** The first Java release whose virtual threads do not pin their carrier inside {@code synchronized}. */
    static final int UNPINNED_MONITORS_SINCE = 24;

    /** {@code auto}, {@code virtual} or {@code platform}, any case, blanks around allowed. */
    public static CallbackThreads parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> AUTO;
            case "virtual" -> VIRTUAL;
            case "platform" -> PLATFORM;
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, virtual or platform, not '"
                    + value + "'");
        };
    }

    /** The system property's value, {@code AUTO} when it is not set. */
    static CallbackThreads fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? AUTO : parse(value);
    }

    /** What runs the callbacks, and why: for the log line at start-up. */
    record Choice(boolean virtual, String why) {
    }

    /**
     * Decides for a JVM of the given feature release ({@code Runtime.version().feature()}) that has virtual threads
     * or not.
     *
     * @throws IllegalArgumentException for {@code VIRTUAL} on a JVM without virtual threads
     */
    Choice choose(int javaRelease, boolean virtualThreadsExist) {
        return switch (this) {
            case PLATFORM -> new Choice(false, PROPERTY + "=platform");
            case VIRTUAL -> {
                if (!virtualThreadsExist) {
                    throw new IllegalArgumentException(PROPERTY + "=virtual needs Java 21 or later; this JVM is Java "
                            + javaRelease);
                }
                yield new Choice(true, PROPERTY + "=virtual" + (javaRelease < UNPINNED_MONITORS_SINCE
                        ? "; on Java " + javaRelease + " a callback that waits inside synchronized holds a carrier"
                                + " thread (one per core) until it returns"
                        : ""));
            }
            case AUTO -> virtualThreadsExist && javaRelease >= UNPINNED_MONITORS_SINCE
                    ? new Choice(true, "auto: Java " + javaRelease + " has virtual threads that do not pin their"
                            + " carrier inside synchronized")
                    : new Choice(false, "auto: Java " + javaRelease + (virtualThreadsExist
                            ? " pins a virtual thread's carrier inside synchronized; virtual threads from Java "
                                    + UNPINNED_MONITORS_SINCE + " on"
                            : " has no virtual threads"));
        };
    }
}
