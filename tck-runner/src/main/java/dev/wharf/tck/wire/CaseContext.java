package dev.wharf.tck.wire;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a case script may use: the target, and connections that the runner closes after the case. */
public final class CaseContext implements AutoCloseable {

    private final WireTarget target;
    private final List<AutoCloseable> opened = new ArrayList<>();

    CaseContext(WireTarget target) {
        this.target = target;
    }

    public WireTarget target() {
        return target;
    }

    public Duration timeout() {
        return target.timeout();
    }

    /** A connection to the echo endpoint after a valid opening handshake. */
    public Exchange open() throws IOException {
        return track(new Exchange(WireConnection.open(target.echo(), timeout()), timeout()));
    }

    /** A connection to the echo endpoint after a handshake with exactly these header fields, which must get 101. */
    public Exchange open(Map<String, String> headers) throws IOException {
        WireConnection c = track(WireConnection.connect(target.echo(), headers, timeout()));
        if (c.handshake().status() != 101) {
            throw new IOException("opening handshake refused: " + c.handshake().statusLine());
        }
        return track(new Exchange(c, timeout()));
    }

    /** A connection to the large-message echo endpoint. */
    public Exchange openLarge() throws IOException {
        return track(new Exchange(WireConnection.open(target.largeEcho(), timeout()), timeout()));
    }

    /** A raw handshake with exactly these header fields; the response head is in {@link WireConnection#handshake}. */
    public WireConnection handshake(URI uri, Map<String, String> headers) throws IOException {
        return track(WireConnection.connect(uri, headers, timeout()));
    }

    private <T extends AutoCloseable> T track(T c) {
        opened.add(c);
        return c;
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the case is over
            }
        }
    }
}
