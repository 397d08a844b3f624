package dev.wharf.engine.deflate;

import dev.wharf.engine.SharedEncoding;
import dev.wharf.engine.UnmaskedFrame;
import java.nio.ByteBuffer;

/**
 * permessage-deflate's outbound encoding without context takeover, as a value: every connection that agreed the same
 * level, window, memory level and threshold compresses a whole message to the same bytes, since each message starts
 * with an empty window (RFC 7692 §7.1.1.1). A room broadcast compresses and frames it once for all of them.
 *
 * <p>The same decisions as a connection's own {@link MessageCompressor}: under the threshold, or not smaller when
 * compressed, the message goes out plain (RSV1 clear).
 */
record SharedDeflate(int level, int windowBits, int memLevel, int threshold) implements SharedEncoding {

    @Override
    public ByteBuffer frame(boolean text, byte[] payload) {
        MessageCompressor compressor = new MessageCompressor(level, windowBits, memLevel, false, threshold);
        ByteBuffer whole = ByteBuffer.wrap(payload);
        if (!compressor.begin(whole, true)) {
            return null; // sent plain, like the uncompressed members' frame
        }
        ByteBuffer compressed = compressor.encode(whole, true);
        return UnmaskedFrame.of(PerMessageDeflate.RSV1, text, compressed.array(), compressed.remaining());
    }
}
