package dev.wharf.session;

/** Told once whether a frame queued in a {@link SendQueue} reached the network. */
@FunctionalInterface
interface FrameCompletion {

    FrameCompletion NONE = failure -> { };

    /** @param failure null on success */
    void done(Throwable failure);
}
