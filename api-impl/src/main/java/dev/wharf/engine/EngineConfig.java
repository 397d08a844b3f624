package dev.wharf.engine;

import java.util.List;
import java.util.Objects;

/**
 * Fixed settings of one {@link Engine}. Immutable; build with {@link #builder(Role)}.
 *
 * <p>Defaults: max frame 16 MiB, max whole text and binary message 1 MiB each (changeable per engine at run time),
 * no extensions. A negative size means no limit (Jakarta's -1).
 */
public final class EngineConfig {

    public static final long DEFAULT_MAX_FRAME_SIZE = 16L << 20;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 1L << 20;

    private final Role role;
    private final long maxFrameSize;
    private final long maxTextMessageSize;
    private final long maxBinaryMessageSize;
    private final List<MessageExtension> extensions;
    private final boolean repliesToClose;

    private EngineConfig(Builder b) {
        this.role = b.role;
        this.maxFrameSize = b.maxFrameSize;
        this.maxTextMessageSize = b.maxTextMessageSize;
        this.maxBinaryMessageSize = b.maxBinaryMessageSize;
        this.extensions = b.extensions;
        this.repliesToClose = b.repliesToClose;
    }

    public static Builder builder(Role role) {
        return new Builder(role);
    }

    public Role role() {
        return role;
    }

    public long maxFrameSize() {
        return maxFrameSize;
    }

    public long maxTextMessageSize() {
        return maxTextMessageSize;
    }

    public long maxBinaryMessageSize() {
        return maxBinaryMessageSize;
    }

    /**
     * Whether the engine sends close frames by itself (the default): the reply to the peer's close, and the close
     * that fails the connection. A session that must first deliver the messages received before, and send their
     * replies, turns this off and calls {@link Engine#encodeClose} itself once it has (RFC 6455 §5.5.1 lets an
     * endpoint finish its message first; Autobahn expects those replies). Input is ignored after either event.
     */
    public boolean repliesToClose() {
        return repliesToClose;
    }

    /** The negotiated extensions, in the order the handshake listed them. */
    public List<MessageExtension> extensions() {
        return extensions;
    }

    /** Union of the RSV bits the extensions own. */
    int ownedRsvBits() {
        int bits = 0;
        for (MessageExtension e : extensions) {
            bits |= e.rsvBits();
        }
        return bits;
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private final Role role;
        private long maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private long maxTextMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private long maxBinaryMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private List<MessageExtension> extensions = List.of();
        private boolean repliesToClose = true;

        private Builder(Role role) {
            this.role = Objects.requireNonNull(role, "role");
        }

        /** Largest frame payload accepted, in bytes; negative for no limit. */
        public Builder maxFrameSize(long bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /** Initial largest whole text message, in UTF-8 bytes; negative for no limit. */
        public Builder maxTextMessageSize(long bytes) {
            this.maxTextMessageSize = bytes;
            return this;
        }

        /** Initial largest whole binary message; negative for no limit. */
        public Builder maxBinaryMessageSize(long bytes) {
            this.maxBinaryMessageSize = bytes;
            return this;
        }

        /**
         * The negotiated extensions, in handshake order.
         *
         * @throws IllegalArgumentException if an extension claims no RSV bit, bits outside RSV1-3, or a bit
         *     another one owns
         */
        public Builder extensions(List<? extends MessageExtension> list) {
            int seen = 0;
            for (MessageExtension e : list) {
                int bits = e.rsvBits();
                if (bits == 0 || (bits & ~0x70) != 0 || (bits & seen) != 0) {
                    throw new IllegalArgumentException("extension " + e.name() + " claims RSV bits 0x"
                            + Integer.toHexString(bits) + " (must be a free subset of 0x70)");
                }
                seen |= bits;
            }
            this.extensions = List.copyOf(list);
            return this;
        }

        /** See {@link EngineConfig#repliesToClose()}. */
        public Builder repliesToClose(boolean replies) {
            this.repliesToClose = replies;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(this);
        }
    }
}
