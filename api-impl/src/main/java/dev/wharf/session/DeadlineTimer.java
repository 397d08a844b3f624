package dev.wharf.session;

/**
 * Runs a session's deadlines: its idle check, the watch on a peer that stops taking bytes, the close timeout, the
 * keep-alive pings. The container's own timer thread does it ({@link ContainerTimer}) unless the session's transport
 * offers the host's timer ({@link Transport#deadlineTimer()}), which the host runs anyway, so that Wharf adds no
 * thread of its own (issue #20).
 *
 * <p>Tasks are short and never block: they queue frames, close, or abort. The only application code they may run is
 * the completion of a send they fail (a {@code SendHandler}), as any thread that completes a write does.
 *
 * <p>Public only because host transports in the servlet bridge implement it: not an API for applications.
 */
public interface DeadlineTimer {

    /**
     * Runs {@code task} once, about {@code delayMs} from now (at least 1 ms), on a thread of the timer's.
     *
     * @return what {@link #cancel} takes to stop it; null if the timer is stopping (its host or container is
     *     shutting down, and that closes every session), so the task will never run
     */
    Object schedule(Runnable task, long delayMs);

    /**
     * Stops the task that {@code handle} stands for, if it has not started; does nothing if it ran or is running.
     * The handle is an object rather than a wrapper of ours: every idle session holds one armed.
     */
    void cancel(Object handle);
}
