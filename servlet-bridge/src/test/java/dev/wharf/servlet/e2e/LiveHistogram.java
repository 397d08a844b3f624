package dev.wharf.servlet.e2e;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.ObjectName;

/**
 * This JVM's live objects by class: the {@code GC.class_histogram} diagnostic command (what {@code jmap -histo:live}
 * prints), which runs a full collection first. Counts and bytes are exact, unlike heap-in-use figures.
 */
final class LiveHistogram {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private LiveHistogram() {}

    /** Class name to {instances, bytes} of live objects now. */
    static Map<String, long[]> take() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return classes;
    }

    /** What grew from {@code before} to {@code after}: class name to {instances, bytes} added (shrinking omitted). */
    static Map<String, long[]> growth(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, long[]> grown = new HashMap<>();
        after.forEach((name, now) -> {
            long[] was = before.getOrDefault(name, new long[2]);
            if (now[1] > was[1] || now[0] > was[0]) {
                grown.put(name, new long[] {now[0] - was[0], now[1] - was[1]});
            }
        });
        return grown;
    }

    /** The classes starting with {@code prefix} that grew by at least one instance per {@code per}, as text. */
    static String top(Map<String, long[]> growth, String prefix, int per) {
        return growth.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue()[0] >= per)
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .map(e -> e.getKey().substring(prefix.length()) + " " + e.getValue()[1] / per + "B x"
                        + (double) e.getValue()[0] / per)
                .collect(Collectors.joining(", "));
    }
}
