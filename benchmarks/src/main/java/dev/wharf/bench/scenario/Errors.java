package dev.wharf.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts errors from any loop thread and keeps the first few descriptions. */
final class Errors {

    private static final int KEEP = 5;
    private final AtomicLong count = new AtomicLong();
    private final List<String> first = new ArrayList<>();

    void add(String problem) {
        count.incrementAndGet();
        synchronized (first) {
            if (first.size() < KEEP) {
                first.add(problem);
            }
        }
    }

    long count() {
        return count.get();
    }

    List<String> first() {
        synchronized (first) {
            return List.copyOf(first);
        }
    }
}
