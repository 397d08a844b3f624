package dev.wharf.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of a scenario measured: figures in the scenario's metric order, how many messages (or handshakes)
 * were checked, the errors seen (count and the first few descriptions), and notes that are not errors (e.g. a server
 * that declined permessage-deflate).
 */
public record Result(String scenario, Map<Metric, Double> figures, long validated, long errors,
        List<String> firstErrors, List<String> notes) {

    public Result {
        figures = new LinkedHashMap<>(figures);
        firstErrors = List.copyOf(firstErrors);
        notes = List.copyOf(notes);
    }

    public Result(String scenario, Map<Metric, Double> figures, long validated, long errors,
            List<String> firstErrors) {
        this(scenario, figures, validated, errors, firstErrors, List.of());
    }

    public boolean ok() {
        return errors == 0 && validated > 0;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(scenario).append(':');
        figures.forEach((m, v) -> s.append(' ').append(m.label()).append('=').append(String.format("%.4g", v)));
        s.append(" validated=").append(validated).append(" errors=").append(errors);
        if (!firstErrors.isEmpty()) {
            s.append(' ').append(firstErrors);
        }
        if (!notes.isEmpty()) {
            s.append(" notes=").append(notes);
        }
        return s.toString();
    }
}
