package dev.wharf.tck.wire;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One wire case: an id like {@code 5.3}, its group, what it checks (the expected verdict in words), and the script
 * that drives the server.
 */
public record WireCase(String id, Group group, String title, Script script) {

    /** Drives one case; connections opened through the context are closed by the runner. */
    @FunctionalInterface
    public interface Script {
        Outcome run(CaseContext ctx) throws IOException;
    }

    /** Steps of a case run in order; the first failing step ends the case. */
    @FunctionalInterface
    public interface Step {
        Outcome run() throws IOException;
    }

    /** Runs steps in order and keeps the worst verdict; stops at the first {@link Verdict#FAILED}. */
    public static Outcome steps(Step... steps) throws IOException {
        Outcome result = Outcome.ok();
        for (Step step : steps) {
            result = result.then(step.run());
            if (result.verdict() == Verdict.FAILED) {
                break;
            }
        }
        return result;
    }

    /** Numbers cases of one group {@code prefix.1}, {@code prefix.2}, … in the order added. */
    public static final class Numbering {
        private final Group group;
        private final String prefix;
        private final List<WireCase> cases = new ArrayList<>();

        public Numbering(Group group, int number) {
            this.group = group;
            this.prefix = String.valueOf(number);
        }

        public Numbering add(String title, Script script) {
            cases.add(new WireCase(prefix + "." + (cases.size() + 1), group, title, script));
            return this;
        }

        public List<WireCase> cases() {
            return List.copyOf(cases);
        }
    }

    @Override
    public String toString() {
        return id + " " + title;
    }
}
