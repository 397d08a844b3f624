package dev.wharf.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A deadline timer and a clock the test moves: tasks due by the new time run, in order of their due time, on the
 * test's thread. Tasks may be scheduled and cancelled from any thread.
 */
final class ManualTimer implements DeadlineTimer {

    private long now = 1_000_000_000L;
    private final List<Task> tasks = new ArrayList<>();

    synchronized long now() {
        return now;
    }

    @Override
    public synchronized Object schedule(Runnable command, long delayMs) {
        Task task = new Task(now + TimeUnit.MILLISECONDS.toNanos(Math.max(1, delayMs)), command);
        tasks.add(task);
        return task;
    }

    @Override
    public synchronized void cancel(Object handle) {
        tasks.remove((Task) handle);
    }

    /** Tasks scheduled and not yet run or cancelled. */
    synchronized int pending() {
        return tasks.size();
    }

    /** Moves the clock {@code ms} on, running each task that comes due on the way (outside this timer's lock). */
    void advance(long ms) {
        long until;
        synchronized (this) {
            until = now + TimeUnit.MILLISECONDS.toNanos(ms);
        }
        while (true) {
            Task next = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (t.due <= until && (next == null || t.due < next.due)) {
                        next = t;
                    }
                }
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.due);
            }
            next.command.run();
        }
    }

    /** A class, not a record: cancelling removes this task, not one equal to it. */
    private static final class Task {
        final long due;
        final Runnable command;

        Task(long due, Runnable command) {
            this.due = due;
            this.command = command;
        }
    }
}
