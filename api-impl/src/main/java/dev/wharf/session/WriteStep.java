package dev.wharf.session;

import java.io.IOException;

/**
 * The callback of the transport writes of a write loop, one write at a time: reused write after write
 * ({@link #begin} before each), so a write allocates no callback. It knows whether it ran before
 * {@code transport.write} returned: if so, the loop that called write goes on itself (no recursion, so a fast
 * transport cannot overflow the stack); if not, the callback's thread continues the loop. Either way the party that
 * goes on is the only one still using it when the next write begins.
 */
abstract class WriteStep implements WriteCallback {

    private boolean callerReturned;
    private boolean completedInline;

    /**
     * The write completed: {@code failure} is null on success. Runs before the loop goes on: it ends the step with
     * {@link #finishStep}, holding this object's monitor, once the write's frames are completed, and returns its answer.
     *
     * @return true if the caller of write has not returned yet (it will continue the loop itself)
     */
    abstract boolean written(IOException failure);

    /** Continues the write loop on the callback's thread (the caller of write had returned already). */
    abstract void continueLoop();

    @Override
    public final void completed() {
        if (!written(null)) {
            continueLoop();
        }
    }

    @Override
    public final void failed(Throwable cause) {
        if (!written(cause instanceof IOException io ? io : new IOException(cause))) {
            continueLoop();
        }
    }

    /**
     * Ends the step on the completing side. Caller holds this object's monitor (the queue's lock, which
     * {@link #written} takes anyway to complete the write's frames).
     *
     * @return true if the caller of write has not returned yet (it will continue the loop itself)
     */
    final boolean finishStep() {
        if (!callerReturned) {
            completedInline = true;
            return true;
        }
        return false;
    }

    /**
     * Called by the loop before each {@code transport.write} with this callback, holding this object's monitor (the
     * queue's lock, which the loop holds anyway to take the write's frames).
     */
    final void begin() {
        callerReturned = false;
        completedInline = false;
    }

    /**
     * Called by the loop once {@code transport.write} returned, holding this object's monitor (the queue's lock, which
     * the loop then holds to take the next write).
     *
     * @return true if the write already completed and the caller should continue the loop
     */
    final boolean returned() {
        callerReturned = true;
        return completedInline;
    }
}
