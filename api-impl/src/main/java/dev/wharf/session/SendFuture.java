package dev.wharf.session;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The outcome of one queued send, for {@code RemoteEndpoint.Async.sendX} futures and blocking sends alike. */
final class SendFuture implements Future<Void>, FrameCompletion {

    private boolean done;
    private Throwable failure;

    @Override
    public synchronized void done(Throwable failure) {
        if (!done) {
            this.failure = failure;
            this.done = true;
            notifyAll();
        }
    }

    /** A queued frame cannot be taken back once encoded: cancel refuses, like a message already on the wire. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public synchronized boolean isDone() {
        return done;
    }

    @Override
    public synchronized Void get() throws InterruptedException, ExecutionException {
        while (!done) {
            wait();
        }
        return result();
    }

    @Override
    public synchronized Void get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("send not completed within " + unit.toMillis(timeout) + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return result();
    }

    private Void result() throws ExecutionException {
        if (failure instanceof CancellationException c) {
            throw c;
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return null;
    }
}
