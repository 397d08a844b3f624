package dev.wharf.bench.scenario;

import dev.wharf.bench.load.Frames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A slow-readers scenario peer: non-blocking, 4 KiB receive buffer; writes its messages as the server takes them and
 * reads nothing until it is drained at the end.
 */
final class SlowPeer {
    private final SocketChannel channel;
    private final ByteBuffer pending;
    private boolean ended;
    private final ByteBuffer in = ByteBuffer.allocate(64 << 10);
    private long skip; // payload bytes of the current frame still to skip
    private boolean done;

    private SlowPeer(SocketChannel channel, ByteBuffer pending) {
        this.channel = channel;
        this.pending = pending;
    }

    static SlowPeer open(InetSocketAddress address, String path, ByteBuffer messages, long setupEnd, int sendBuffer)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().setReceiveBufferSize(4096);
            if (sendBuffer > 0) {
                channel.socket().setSendBufferSize(sendBuffer);
            }
            channel.configureBlocking(false);
            channel.connect(address);
            long deadline = Math.min(setupEnd, System.nanoTime() + SlowReaderScenario.CANARY_LIMIT_MS * 1_000_000L);
            while (!channel.finishConnect()) {
                pause(deadline, "connect");
            }
            ByteBuffer request = ByteBuffer.wrap(
                    SlowReaderCanary.request(address, path).getBytes(StandardCharsets.US_ASCII));
            while (request.hasRemaining()) {
                channel.write(request);
                if (request.hasRemaining()) {
                    pause(deadline, "handshake request");
                }
            }
            ByteBuffer head = ByteBuffer.allocate(4096);
            while (!headDone(head)) {
                if (channel.read(head) < 0) {
                    throw new IOException("connection ended in the handshake");
                }
                if (!headDone(head)) {
                    pause(deadline, "handshake response");
                }
            }
            String status = new String(head.array(), 0, 12, StandardCharsets.US_ASCII);
            if (!status.equals("HTTP/1.1 101")) {
                throw new IOException("handshake: " + status);
            }
            return new SlowPeer(channel, messages);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean headDone(ByteBuffer head) {
        int n = head.position();
        byte[] a = head.array();
        return n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n'
                || !head.hasRemaining();
    }

    private static void pause(long deadline, String what) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException(what + " timed out");
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    void push() {
        if (ended || !pending.hasRemaining()) {
            return;
        }
        try {
            // At most SlowReaderScenario.PUSH_CHUNK per call: the JDK copies a heap buffer's whole remainder (8 MiB) into a
            // temporary direct buffer on every write, even when the socket takes nothing; for 1,000 peers per
            // round that copying was most of this machine's CPU.
            ByteBuffer chunk = pending.slice();
            chunk.limit(Math.min(chunk.limit(), SlowReaderScenario.PUSH_CHUNK));
            pending.position(pending.position() + channel.write(chunk));
        } catch (IOException e) {
            ended = true; // the server reset or closed the connection
        }
    }

    /**
     * One non-blocking read of what the server sent (frames are skipped by their lengths): true once a close
     * frame, the end of the stream or an error was seen, or the peer is closed for being undecided at the end.
     */
    boolean drainStep() {
        if (done) {
            return true;
        }
        try {
            int n = ended ? -1 : channel.read(in);
            if (n < 0) {
                return finish(true);
            }
            in.flip();
            while (true) {
                if (skip > 0) {
                    int k = (int) Math.min(skip, in.remaining());
                    in.position(in.position() + k);
                    skip -= k;
                    if (skip > 0) {
                        break;
                    }
                }
                if (in.remaining() < 2) {
                    break;
                }
                int b0 = in.get(in.position()) & 0xFF;
                int b1 = in.get(in.position() + 1) & 0x7F;
                int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
                if (in.remaining() < header) {
                    break;
                }
                if ((b0 & 0x0F) == Frames.CLOSE) {
                    in.clear();
                    return finish(true);
                }
                skip = b1 < 126 ? b1 : b1 == 126 ? in.getShort(in.position() + 2) & 0xFFFF
                        : in.getLong(in.position() + 2);
                in.position(in.position() + header);
            }
            in.compact();
            return false;
        } catch (IOException e) {
            return finish(true); // reset by the server
        }
    }

    boolean finish(boolean byServer) {
        ended |= byServer;
        done = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        return true;
    }

    /** Whether the drain has settled this peer (a close, the end of the stream, an error, or undecided at the end). */
    boolean done() {
        return done;
    }

    /** Whether the server ended the connection (a close frame, the end of the stream or a reset). */
    boolean endedByServer() {
        return ended;
    }
}
