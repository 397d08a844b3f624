package dev.wharf.session;

import java.net.SocketTimeoutException;

/**
 * What a session does when one of its {@link SessionTimers} deadlines passes: close when idle, give up on a peer
 * that takes no data. Made before the parts it acts on (the timers come first), so those are wired in once, by the
 * session's constructor, before the session opens.
 */
final class SessionDeadlines implements SessionTimers.Expiry {

    private Closing closing;
    private Outbound outbound;

    void connect(Closing closing, Outbound outbound) {
        this.closing = closing;
        this.outbound = outbound;
    }

    @Override
    public boolean isOpen() {
        return closing.phase() == Closing.Phase.OPEN;
    }

    @Override
    public void idle(long timeoutMs) {
        closing.close(ContainerClose.IDLE_TIMEOUT, "idle for more than " + timeoutMs + " ms");
    }

    @Override
    public void sendStalled(long timeoutMs) {
        String reason = "peer took no data for " + timeoutMs + " ms";
        outbound.abandon(ContainerClose.SEND_TIMEOUT, reason, new SocketTimeoutException(reason));
    }
}
