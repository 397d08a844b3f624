package dev.wharf.session;

/**
 * A test transport that only writes: pausing and resuming reads, closing and aborting do nothing. (Production
 * transports have no such defaults: one that forgot a method would then compile and misbehave.)
 */
abstract class WriteOnlyTransport implements Transport {

    @Override
    public void suspendReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public void close() {
    }

    @Override
    public void abort() {
    }
}
