package dev.wharf.session;

/**
 * Container-wide defaults every new session starts from. Changing one affects sessions opened afterwards; a session's
 * own setters ({@code Session.setMaxIdleTimeout} …) and an endpoint's {@code @OnMessage(maxMessageSize)} override
 * it for that session. Precedence, lowest first: these defaults, the endpoint's settings, the session's setters.
 *
 * <p>Handshake policy (allowed origins, whether and how permessage-deflate is agreed) is not here but with the
 * server's handshake ({@code dev.wharf.server.HandshakePolicy}) and the client container's own setters: only they
 * read it. The compression level and memory level stay: every session's compressor uses them.
 *
 * <p>Every value is documented with its default in the README's configuration table; keep the two in step.
 */
public final class ContainerDefaults {

    /** 5 minutes; zero or negative disables the idle timeout (spec 2.1). */
    public static final long MAX_IDLE_TIMEOUT_MS = 300_000;
    /** 1 MiB: the largest whole text or binary message assembled for an endpoint. Buffers grow lazily. */
    public static final int MAX_MESSAGE_BUFFER_SIZE = 1024 * 1024;
    /** 30 seconds for an asynchronous send to reach the network before the session is closed. */
    public static final long ASYNC_SEND_TIMEOUT_MS = 30_000;
    /** 30 seconds for a blocking send before it fails and the session is closed. */
    public static final long BLOCKING_SEND_TIMEOUT_MS = 30_000;
    /** 16 MiB of frames waiting for a slow peer before the session is closed with 1008. */
    public static final long MAX_SEND_QUEUE_BYTES = 16L * 1024 * 1024;
    /**
     * A quarter of the heap ({@code Runtime.maxMemory()}): bytes held for all slow peers of a container together,
     * beyond which the sessions holding the most are closed with 1008 (issue #19: the per-session bound times many
     * sessions can exceed the heap). 256 MiB if the heap has no bound.
     */
    public static final long MAX_SEND_QUEUE_BYTES_TOTAL = defaultSendBudget();
    /**
     * An eighth of the heap ({@code Runtime.maxMemory()}): received bytes waiting for the endpoints of all sessions
     * of a container together, beyond which every session's reader pauses as soon as a message of its own waits
     * (issue #19: each session's 4 MiB high-water mark times many stuck sessions can exceed the heap). 128 MiB if
     * the heap has no bound.
     */
    public static final long MAX_INBOUND_BYTES_TOTAL = heapShare(8, 128L * 1024 * 1024);
    /** 64 MiB: the largest single frame accepted, whatever the message limits. */
    public static final long MAX_FRAME_SIZE = 64L * 1024 * 1024;
    /** 5 seconds to wait for the peer's close frame after ours before dropping the connection. */
    public static final long CLOSE_TIMEOUT_MS = 5_000;

    private volatile long maxIdleTimeoutMs = MAX_IDLE_TIMEOUT_MS;
    private volatile int maxTextMessageBufferSize = MAX_MESSAGE_BUFFER_SIZE;
    private volatile int maxBinaryMessageBufferSize = MAX_MESSAGE_BUFFER_SIZE;
    private volatile long asyncSendTimeoutMs = ASYNC_SEND_TIMEOUT_MS;
    private volatile long blockingSendTimeoutMs = BLOCKING_SEND_TIMEOUT_MS;
    private volatile long maxSendQueueBytes = MAX_SEND_QUEUE_BYTES;
    private volatile long maxSendQueueBytesTotal = MAX_SEND_QUEUE_BYTES_TOTAL;
    private volatile long maxInboundBytesTotal = MAX_INBOUND_BYTES_TOTAL;
    private volatile long maxFrameSize = MAX_FRAME_SIZE;
    private volatile long closeTimeoutMs = CLOSE_TIMEOUT_MS;
    private volatile int deflateLevel = 6;
    private volatile int deflateMemLevel = 4;
    private volatile boolean metricsEnabled = true;
    private volatile boolean coalesceReplies = true;
    /** Null until set: then the system property {@link CallbackThreads#PROPERTY} decides, else {@code AUTO}. */
    private volatile CallbackThreads callbackThreads;

    /**
     * Which threads run endpoint callbacks ({@link CallbackThreads}); read when the container starts. Unless set, the
     * system property {@code dev.wharf.callbackThreads}, else {@code AUTO}.
     */
    public CallbackThreads callbackThreads() {
        CallbackThreads set = callbackThreads;
        return set != null ? set : CallbackThreads.fromSystemProperty();
    }

    public void callbackThreads(CallbackThreads value) {
        callbackThreads = value;
    }

    /**
     * Whether the values {@code @OnMessage} methods return for the messages of one read may wait for the last of
     * them and go out in one write ({@link WebSocketSession#sendReturnValue}); false: each is sent as a blocking send
     * the moment its method returns.
     */
    public boolean coalesceReplies() {
        return coalesceReplies;
    }

    public void coalesceReplies(boolean value) {
        coalesceReplies = value;
    }

    /** Whether sessions record meters (docs/METRICS.md); read when the container starts. */
    public boolean metricsEnabled() {
        return metricsEnabled;
    }

    public void metricsEnabled(boolean value) {
        metricsEnabled = value;
    }

    public long maxIdleTimeoutMs() {
        return maxIdleTimeoutMs;
    }

    public void maxIdleTimeoutMs(long value) {
        maxIdleTimeoutMs = value;
    }

    public int maxTextMessageBufferSize() {
        return maxTextMessageBufferSize;
    }

    public void maxTextMessageBufferSize(int value) {
        maxTextMessageBufferSize = value;
    }

    public int maxBinaryMessageBufferSize() {
        return maxBinaryMessageBufferSize;
    }

    public void maxBinaryMessageBufferSize(int value) {
        maxBinaryMessageBufferSize = value;
    }

    public long asyncSendTimeoutMs() {
        return asyncSendTimeoutMs;
    }

    public void asyncSendTimeoutMs(long value) {
        asyncSendTimeoutMs = value;
    }

    public long blockingSendTimeoutMs() {
        return blockingSendTimeoutMs;
    }

    public void blockingSendTimeoutMs(long value) {
        blockingSendTimeoutMs = value;
    }

    public long maxSendQueueBytes() {
        return maxSendQueueBytes;
    }

    public void maxSendQueueBytes(long value) {
        maxSendQueueBytes = value;
    }

    /** Bytes held for all peers of the container together before the biggest holders are closed; 0 or less: none. */
    public long maxSendQueueBytesTotal() {
        return maxSendQueueBytesTotal;
    }

    public void maxSendQueueBytesTotal(long value) {
        maxSendQueueBytesTotal = value;
    }

    /**
     * Received bytes waiting for the endpoints of all sessions together before each reader pauses as soon as its own
     * session has a message waiting; 0 or less: no container-wide bound (each session's own still holds).
     */
    public long maxInboundBytesTotal() {
        return maxInboundBytesTotal;
    }

    public void maxInboundBytesTotal(long value) {
        maxInboundBytesTotal = value;
    }

    private static long defaultSendBudget() {
        return heapShare(4, 256L * 1024 * 1024);
    }

    /** {@code 1/parts} of the heap's bound, or {@code unbounded} if the heap has none. */
    private static long heapShare(int parts, long unbounded) {
        long heap = Runtime.getRuntime().maxMemory();
        return heap == Long.MAX_VALUE ? unbounded : heap / parts;
    }

    public long maxFrameSize() {
        return maxFrameSize;
    }

    public void maxFrameSize(long value) {
        maxFrameSize = value;
    }

    public long closeTimeoutMs() {
        return closeTimeoutMs;
    }

    public void closeTimeoutMs(long value) {
        closeTimeoutMs = value;
    }

    /** permessage-deflate compression level, 0 (store) to 9, as zlib's; default 6. */
    public int deflateLevel() {
        return deflateLevel;
    }

    public void deflateLevel(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0 to 9, not " + level);
        }
        deflateLevel = level;
    }

    /**
     * permessage-deflate memory level, 1 to 9, as zlib's: the compressor's hash table has 2^(memLevel + 7) entries
     * and its blocks at most 2^(memLevel + 6) bytes. Compressors are pooled per message, not kept per connection, so
     * this costs memory per busy thread, not per connection. Default 4 (zlib's is 8; on chat-like JSON messages
     * levels 3 to 9 compress alike, and 4 keeps a pooled compressor at about 33 KiB instead of 230).
     */
    public int deflateMemLevel() {
        return deflateMemLevel;
    }

    public void deflateMemLevel(int memLevel) {
        if (memLevel < 1 || memLevel > 9) {
            throw new IllegalArgumentException("deflate memory level must be 1 to 9, not " + memLevel);
        }
        deflateMemLevel = memLevel;
    }
}
