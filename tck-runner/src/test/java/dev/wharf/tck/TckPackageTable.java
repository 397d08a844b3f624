package dev.wharf.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the official TCK's results per Java package from the failsafe XML reports (profile {@code tck}): which
 * spec areas pass, at a glance. Usage: {@code TckPackageTable target/failsafe-reports}.
 */
public final class TckPackageTable {

    private static final Pattern SUITE = Pattern.compile(
            "<testsuite\\b[^>]*?\\bname=\"([^\"]+)\"[^>]*>", Pattern.DOTALL);

    private TckPackageTable() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/failsafe-reports");
        Map<String, int[]> byPackage = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                    String xml = Files.readString(f);
                    Matcher m = SUITE.matcher(xml);
                    if (!m.find()) {
                        continue;
                    }
                    String head = m.group();
                    String name = m.group(1);
                    String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "(default)";
                    int[] c = byPackage.computeIfAbsent(pkg, k -> new int[5]);
                    c[0]++;
                    c[1] += attribute(head, "tests");
                    c[2] += attribute(head, "failures");
                    c[3] += attribute(head, "errors");
                    c[4] += attribute(head, "skipped");
                }
            }
        }
        String row = "  %-70s %7s %6s %6s %8s %6s %7s%n";
        StringBuilder b = new StringBuilder("\nJakarta WebSocket TCK per package (" + dir + ")\n");
        b.append(String.format(row, "package", "classes", "tests", "passed", "failures", "errors", "skipped"));
        int[] total = new int[5];
        byPackage.forEach((pkg, c) -> {
            for (int i = 0; i < 5; i++) {
                total[i] += c[i];
            }
            b.append(String.format(row, pkg, c[0], c[1], c[1] - c[2] - c[3] - c[4], c[2], c[3], c[4]));
        });
        b.append(String.format(row, "total", total[0], total[1], total[1] - total[2] - total[3] - total[4],
                total[2], total[3], total[4]));
        if (byPackage.isEmpty()) {
            b.append("  no failsafe reports found\n");
        }
        System.out.print(b);
    }

    private static int attribute(String element, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(element);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
