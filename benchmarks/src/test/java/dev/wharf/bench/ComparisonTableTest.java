package dev.wharf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bench.scenario.Metric;
import dev.wharf.bench.scenario.Result;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private static final Metric RATE = Metric.higher("MiB/s");
    private static final Metric CPU = Metric.lower("CPU ms/MiB");

    private final Map<String, Map<Contender, Map<Integer, Result>>> results = new LinkedHashMap<>();

    @Test
    void ratiosOfMediansAndWithinEachRound() {
        round(0, Contender.WHARF_JETTY, 1000, 1);
        round(1, Contender.WHARF_JETTY, 2000, 1);
        round(2, Contender.WHARF_JETTY, 1500, 1);
        round(0, Contender.JETTY, 400, 4);
        round(1, Contender.JETTY, 1000, 2);
        round(2, Contender.JETTY, 500, 3);
        round(0, Contender.UNDERTOW, 450, 3);
        round(1, Contender.UNDERTOW, 300, 5);
        round(2, Contender.UNDERTOW, 700, 2);

        String table = render(3);

        // Medians: Wharf 1,500 against the best other's 500 (Jetty's own), CPU 1 against 3.
        assertEquals("3.00× | 0.33×", row(table, "**wharf-jetty ÷ best other**"));
        // Within rounds: 1000/450, 2000/1000, 1500/700 and 1/3, 1/2, 1/2.
        assertEquals("2.14× (2.00×–2.22×) | 0.50× (0.33×–0.50×)",
                row(table, "wharf-jetty ÷ best other, within each round"));
    }

    @Test
    void aRoundWithErrorsIsNoneOfTheBestOthersAndAMissingRoundIsSkipped() {
        round(0, Contender.WHARF_TOMCAT, 1000, 1);
        round(2, Contender.WHARF_TOMCAT, 1200, 1); // round 1: the server did not start
        round(0, Contender.JETTY, 500, 2);
        put(1, Contender.JETTY, new Result("echo-large", figures(9999, 0.1), 10, 1, List.of("bad echo")));
        round(2, Contender.JETTY, 400, 2);
        round(0, Contender.TOMCAT, 200, 8);
        round(1, Contender.TOMCAT, 250, 8);
        round(2, Contender.TOMCAT, 300, 8);

        String table = render(3);

        assertTrue(table.contains("| jetty * |"), table);
        assertEquals("2.50× (2.00×–3.00×) | 0.50× (0.50×–0.50×)",
                row(table, "wharf-tomcat ÷ best other, within each round"));
    }

    @Test
    void aPeerWithNotesRanAnotherWorkloadAndIsNotTheBestOther() {
        round(0, Contender.WHARF_UNDERTOW, 100, 1);
        round(1, Contender.WHARF_UNDERTOW, 100, 1);
        round(0, Contender.JETTY, 50, 2);
        round(1, Contender.JETTY, 25, 2);
        put(0, Contender.UNDERTOW, new Result("echo-large", figures(1000, 0.5), 10, 0, List.of(),
                List.of("permessage-deflate declined")));
        round(1, Contender.UNDERTOW, 1000, 0.5);

        String table = render(2);

        assertEquals("2.67× | 0.50×", row(table, "**wharf-undertow ÷ best other**"));
        assertEquals("3.00× (2.00×–4.00×) | 0.50× (0.50×–0.50×)",
                row(table, "wharf-undertow ÷ best other, within each round"));
        assertTrue(table.contains("- undertow: permessage-deflate declined"), table);
    }

    @Test
    void oneRoundHasNoWithinRoundRow() {
        round(0, Contender.WHARF_JETTY, 1000, 1);
        round(0, Contender.JETTY, 500, 2);

        String table = render(1);

        assertEquals("2.00× | 0.50×", row(table, "**wharf-jetty ÷ best other**"));
        assertFalse(table.contains("within each round |"), table);
    }

    private String render(int rounds) {
        return ComparisonTable.render(results, List.of(Contender.WHARF_JETTY, Contender.WHARF_TOMCAT,
                Contender.WHARF_UNDERTOW, Contender.JETTY, Contender.TOMCAT, Contender.UNDERTOW), rounds, 10_000,
                5_000);
    }

    private void round(int round, Contender c, double rate, double cpu) {
        put(round, c, new Result("echo-large", figures(rate, cpu), 100, 0, List.of()));
    }

    private void put(int round, Contender c, Result r) {
        results.computeIfAbsent("echo-large", s -> new LinkedHashMap<>()).computeIfAbsent(c, x -> new LinkedHashMap<>())
                .put(round, r);
    }

    private static Map<Metric, Double> figures(double rate, double cpu) {
        Map<Metric, Double> f = new LinkedHashMap<>();
        f.put(RATE, rate);
        f.put(CPU, cpu);
        return f;
    }

    /** The cells of the row labelled {@code label}, joined by " | ". */
    private static String row(String table, String label) {
        String start = "| " + label + " | ";
        return table.lines().filter(l -> l.startsWith(start)).findFirst()
                .map(l -> l.substring(start.length(), l.length() - 2)).orElseThrow(() -> new AssertionError(
                        "no row " + label + " in\n" + table));
    }
}
