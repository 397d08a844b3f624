package dev.wharf.servlet.e2e;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Peers that connect, send, and never read (issue #19): raw sockets with a small receive buffer, so the server's
 * replies back up into its own buffers and queues after a few KiB.
 */
final class SlowPeers implements Closeable {

    /** Receive buffer of each peer: small, so the window it advertises stays small. */
    static final int RECEIVE_BUFFER = 4096;

    /** How a peer's connection ended, read after the fact: the close frame if one reached it, and whether TCP ended. */
    record Ending(int closeCode, String closeReason, boolean ended) {}

    final List<RawWebSocket> peers = new ArrayList<>();

    /** Opens {@code count} peers to {@code uri}, one after another. */
    static SlowPeers open(URI uri, int count) throws IOException {
        SlowPeers slow = new SlowPeers();
        try {
            for (int i = 0; i < count; i++) {
                slow.peers.add(RawWebSocket.connect(RawWebSocket.request(uri).receiveBuffer(RECEIVE_BUFFER)));
            }
        } catch (IOException | RuntimeException e) {
            slow.close();
            throw e;
        }
        return slow;
    }

    /** Every peer sends {@code message} {@code times} times, then reads nothing. */
    void sendToAll(String message, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            for (RawWebSocket peer : peers) {
                peer.sendText(message);
            }
        }
    }

    /**
     * Reads each peer to its end, now: what was buffered, then the close frame if it reached the peer, then the end
     * of the TCP connection (EOF or reset). A connection the server has not closed within {@code timeoutMs} is
     * reported as not ended.
     */
    List<Ending> readToEnd(int timeoutMs) throws IOException {
        List<Ending> endings = new ArrayList<>();
        for (RawWebSocket peer : peers) {
            endings.add(readToEnd(peer, timeoutMs));
        }
        return endings;
    }

    private static Ending readToEnd(RawWebSocket peer, int timeoutMs) throws IOException {
        peer.readTimeout(timeoutMs);
        int code = -1;
        String reason = null;
        try {
            while (true) {
                RawWebSocket.Frame frame = peer.readFrame();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    code = frame.closeCode();
                    reason = frame.closeReason();
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return new Ending(code, reason, false);
        } catch (EOFException | SocketException ended) {
            return new Ending(code, reason, true);
        }
    }

    @Override
    public void close() throws IOException {
        for (RawWebSocket peer : peers) {
            peer.close();
        }
    }
}
