package dev.wharf.servlet.tomcat;

import dev.wharf.servlet.HostUpgrade;
import dev.wharf.session.WebSocketSession;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's handle on one upgraded connection. Being an {@link InternalHttpUpgradeHandler}, it is given the socket
 * wrapper before {@link #init} and then receives the connection's socket events ({@link #upgradeDispatch}) on
 * Tomcat's threads, one at a time under the wrapper's lock, instead of servlet streams and listeners.
 *
 * <p>Created by Tomcat through the public no-argument constructor inside {@code request.upgrade(...)}; only the
 * types of Tomcat 10.1 and 11 that both versions have in common are used.
 */
public final class TomcatUpgradeHandler implements InternalHttpUpgradeHandler {

    /** Set by {@link TomcatHostUpgrade} around {@code request.upgrade(...)}, which runs the constructor. */
    static final ThreadLocal<HostUpgrade.Handover> PENDING = new ThreadLocal<>();

    private HostUpgrade.Handover handover;
    private SocketWrapperBase<?> socket;
    private TomcatSocketTransport transport;

    public TomcatUpgradeHandler() {
        this.handover = PENDING.get();
    }

    /** Links every Tomcat type and method used here, so a Tomcat that does not fit shows at start-up. */
    static void checkLinkage() throws ReflectiveOperationException {
        Class<?> wrapper = SocketWrapperBase.class;
        wrapper.getMethod("read", boolean.class, ByteBuffer.class);
        wrapper.getMethod("write", boolean.class, ByteBuffer.class);
        wrapper.getMethod("flush", boolean.class);
        wrapper.getMethod("isReadyForWrite");
        wrapper.getMethod("registerWriteInterest");
        wrapper.getMethod("processSocket", SocketEvent.class, boolean.class);
        wrapper.getMethod("close");
        wrapper.getMethod("isClosed");
        wrapper.getMethod("hasDataToWrite");
        wrapper.getMethod("getSocket");
        wrapper.getMethod("getSocketBufferHandler").getReturnType().getMethod("getReadBuffer");
        NioChannel.class.getMethod("getIOChannel");
        SocketState.valueOf("SUSPENDED");
        SocketEvent.valueOf("OPEN_READ");
        Class.forName(TomcatSocketTransport.class.getName(), true, TomcatUpgradeHandler.class.getClassLoader());
    }

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        this.socket = wrapper;
    }

    @Override
    public void init(WebConnection connection) {
        if (handover == null || socket == null) {
            throw new IllegalStateException("TomcatUpgradeHandler is created by Wharf's upgrade filter only");
        }
        transport = new TomcatSocketTransport(socket);
        WebSocketSession session = handover.newSession(transport);
        transport.open(session);
        handover.opened(session);
        handover = null; // lives as long as the connection; the HTTP session must not be kept with it
    }

    /** Tomcat dispatches {@code OPEN_READ} right after {@link #init}, with any bytes sent behind the handshake. */
    @Override
    public SocketState upgradeDispatch(SocketEvent event) {
        return switch (event) {
            case OPEN_READ -> transport.readable();
            case OPEN_WRITE -> transport.writable();
            case ERROR -> transport.ended(new IOException("Tomcat reported an error on the connection"));
            case STOP, DISCONNECT, TIMEOUT, CONNECT_FAIL -> transport.ended(null);
            default -> transport.unchanged();
        };
    }

    @Override
    public void destroy() {
        if (transport != null) {
            transport.destroyed();
        }
    }

    /** Wharf times idle sessions out itself; Tomcat's read and write timeouts are infinite for internal upgrades. */
    @Override
    public void timeoutAsync(long now) {
        // nothing to do
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        // WebSocket sessions do not expose TLS details
    }

    @Override
    public void pause() {
        // a pausing connector stops accepting; open sessions go on until the application stops them
    }
}
