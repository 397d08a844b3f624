package dev.wharf.redis;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How Wharf reaches Redis: the programmatic form of the {@code dev.wharf.redis.*} init parameters (README's table).
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder("rediss://:secret@redis.example:6380/0")
 *         .channelPrefix("chat:")
 *         .build();
 * }</pre>
 *
 * @param url                 {@code redis://} or {@code rediss://} (TLS) URL of a server or of any node of a cluster;
 *                            a password as {@code :password@} or {@code user:password@}, a database as the path;
 *                            {@code redis-sentinel://host:26379[,host2:26379]/0#primary} (or {@code rediss-sentinel://})
 *                            to find the primary through Sentinel
 * @param password            password to authenticate with, instead of writing it in the URL; null: the URL's, if any
 * @param tlsTrustedCertificates PEM file of the certificate authorities to trust for {@code rediss://} instead of
 *                            the JVM's trust store; null: the JVM's
 * @param channelPrefix       prepended to a room's name to make its pub/sub channel
 * @param attachmentPrefix    prepended to an attachment id to make its key
 * @param attachmentTtl       how long an attachment is kept after its last write; zero keeps it until removed
 * @param mode                plain or sharded pub/sub, or found out from the server
 * @param whenUnreachable     what starting does while Redis cannot be reached
 * @param maxPendingPublishes broadcasts handed to Redis and not yet acknowledged, at most; past it they are counted
 *                            as not delivered instead of queued
 * @param reconnectDelayMin   first wait before reconnecting; doubled after each failure
 * @param reconnectDelayMax   longest wait between reconnection attempts
 * @param ioThreads           threads doing the Redis client's network I/O, shared by all its connections
 */
public record RedisSettings(
        URI url,
        String password,
        Path tlsTrustedCertificates,
        String channelPrefix,
        String attachmentPrefix,
        Duration attachmentTtl,
        Mode mode,
        WhenUnreachable whenUnreachable,
        int maxPendingPublishes,
        Duration reconnectDelayMin,
        Duration reconnectDelayMax,
        int ioThreads) {

    /** Init parameter names; each is {@code dev.wharf.redis.} followed by the record component's name. */
    static final String PREFIX = "dev.wharf.redis.";

    private static final Set<String> SCHEMES =
            Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");

    /** Which pub/sub commands carry room broadcasts. */
    public enum Mode {
        /** {@code SPUBLISH}/{@code SSUBSCRIBE} when the server reports {@code cluster_enabled:1}, else plain. */
        AUTO,
        /** {@code PUBLISH}/{@code SUBSCRIBE}: a single server or a replicated one. */
        PLAIN,
        /** Redis 7 sharded pub/sub on a cluster: a channel lives on the shard that owns its slot. */
        SHARDED
    }

    /** What happens while Redis cannot be reached. */
    public enum WhenUnreachable {
        /**
         * Start anyway and keep trying: local members get every broadcast, remote ones get none, and each broadcast
         * published meanwhile is counted and logged as not delivered.
         */
        DELIVER_LOCALLY,
        /** Refuse to start when Redis cannot be reached at start-up; later outages behave as DELIVER_LOCALLY. */
        FAIL_START
    }

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException(PREFIX + "url must start with redis://, rediss://, redis-sentinel:// or "
                    + "rediss-sentinel://, not " + redacted(url));
        }
        if (tlsTrustedCertificates != null && !Files.isReadable(tlsTrustedCertificates)) {
            throw new IllegalArgumentException(PREFIX + "tlsTrustedCertificates cannot be read: " + tlsTrustedCertificates);
        }
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(attachmentPrefix, "attachmentPrefix");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(whenUnreachable, "whenUnreachable");
        requireNotNegative("attachmentTtl", attachmentTtl);
        requirePositive("reconnectDelayMin", reconnectDelayMin);
        requirePositive("reconnectDelayMax", reconnectDelayMax);
        if (reconnectDelayMax.compareTo(reconnectDelayMin) < 0) {
            throw new IllegalArgumentException(PREFIX + "reconnectDelayMax is shorter than reconnectDelayMin");
        }
        if (maxPendingPublishes < 1) {
            throw new IllegalArgumentException(PREFIX + "maxPendingPublishes must be at least 1");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException(PREFIX + "ioThreads must be at least 1");
        }
    }

    /** Settings with every default but the URL. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * Settings from init parameters: {@code lookup} returns a parameter's value by its full name, or null when it is
     * not set. A bad value fails with a message naming the parameter.
     */
    public static RedisSettings fromInitParameters(Function<String, String> lookup) {
        String url = lookup.apply(PREFIX + "url");
        Builder b = new Builder(url == null || url.isBlank() ? "redis://localhost:6379" : url.trim());
        String v;
        if ((v = lookup.apply(PREFIX + "password")) != null && !v.isEmpty()) b.password(v);
        if ((v = lookup.apply(PREFIX + "tlsTrustedCertificates")) != null && !v.isBlank()) {
            b.tlsTrustedCertificates(Path.of(v.trim()));
        }
        if ((v = lookup.apply(PREFIX + "channelPrefix")) != null) b.channelPrefix(v);
        if ((v = lookup.apply(PREFIX + "attachmentPrefix")) != null) b.attachmentPrefix(v);
        if ((v = lookup.apply(PREFIX + "attachmentTtl")) != null) b.attachmentTtl(Duration.ofSeconds(parseLong("attachmentTtl", v)));
        if ((v = lookup.apply(PREFIX + "mode")) != null) b.mode(parseEnum(Mode.class, "mode", v));
        if ((v = lookup.apply(PREFIX + "whenUnreachable")) != null) {
            b.whenUnreachable(parseEnum(WhenUnreachable.class, "whenUnreachable", v));
        }
        if ((v = lookup.apply(PREFIX + "maxPendingPublishes")) != null) {
            b.maxPendingPublishes((int) parseLong("maxPendingPublishes", v));
        }
        if ((v = lookup.apply(PREFIX + "reconnectDelayMin")) != null) {
            b.reconnectDelay(Duration.ofMillis(parseLong("reconnectDelayMin", v)), b.reconnectDelayMax);
        }
        if ((v = lookup.apply(PREFIX + "reconnectDelayMax")) != null) {
            b.reconnectDelay(b.reconnectDelayMin, Duration.ofMillis(parseLong("reconnectDelayMax", v)));
        }
        if ((v = lookup.apply(PREFIX + "ioThreads")) != null) b.ioThreads((int) parseLong("ioThreads", v));
        return b.build();
    }

    /** The URL without its password, for log lines and messages. */
    String redactedUrl() {
        return redacted(url);
    }

    /** Settings as text without any password (the URL's or the setting's): records print every component. */
    @Override
    public String toString() {
        return "RedisSettings[url=" + redactedUrl() + (password == null ? "" : ", password=***")
                + ", tlsTrustedCertificates=" + tlsTrustedCertificates + ", channelPrefix=" + channelPrefix
                + ", attachmentPrefix=" + attachmentPrefix + ", attachmentTtl=" + attachmentTtl + ", mode=" + mode
                + ", whenUnreachable=" + whenUnreachable + ", maxPendingPublishes=" + maxPendingPublishes
                + ", reconnectDelayMin=" + reconnectDelayMin + ", reconnectDelayMax=" + reconnectDelayMax
                + ", ioThreads=" + ioThreads + "]";
    }

    private static String redacted(URI url) {
        // a Sentinel URL's authority lists several hosts, which URI does not parse into getHost(): cut the raw one
        String authority = url.getRawAuthority();
        if (authority == null || !authority.contains("@")) {
            return url.toString();
        }
        String hosts = authority.substring(authority.lastIndexOf('@') + 1);
        return url.getScheme() + "://***@" + hosts + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment());
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, not '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
        String constant = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(constant)) {
                return e;
            }
        }
        throw new IllegalArgumentException(PREFIX + name + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-')
                + ", not '" + value + "'");
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive");
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(PREFIX + name + " must not be negative");
        }
    }

    /** Builds {@link RedisSettings}; every setting but the URL has a default (README's table). */
    public static final class Builder {
        private final URI url;
        private String password;
        private Path tlsTrustedCertificates;
        private String channelPrefix = "wharf:room:";
        private String attachmentPrefix = "wharf:attachment:";
        private Duration attachmentTtl = Duration.ofDays(1);
        private Mode mode = Mode.AUTO;
        private WhenUnreachable whenUnreachable = WhenUnreachable.DELIVER_LOCALLY;
        private int maxPendingPublishes = 10_000;
        private Duration reconnectDelayMin = Duration.ofMillis(100);
        private Duration reconnectDelayMax = Duration.ofSeconds(10);
        private int ioThreads = 2;

        private Builder(String url) {
            try {
                this.url = URI.create(Objects.requireNonNull(url, "url"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + "url is not a URL", e);
            }
        }

        /** The password to authenticate with, kept out of the URL (which may be logged or shown elsewhere). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** A PEM file of the certificate authorities {@code rediss://} trusts, instead of the JVM's trust store. */
        public Builder tlsTrustedCertificates(Path pemFile) {
            this.tlsTrustedCertificates = pemFile;
            return this;
        }

        public Builder channelPrefix(String prefix) {
            this.channelPrefix = prefix;
            return this;
        }

        public Builder attachmentPrefix(String prefix) {
            this.attachmentPrefix = prefix;
            return this;
        }

        public Builder attachmentTtl(Duration ttl) {
            this.attachmentTtl = ttl;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder whenUnreachable(WhenUnreachable whenUnreachable) {
            this.whenUnreachable = whenUnreachable;
            return this;
        }

        public Builder maxPendingPublishes(int max) {
            this.maxPendingPublishes = max;
            return this;
        }

        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectDelayMin = min;
            this.reconnectDelayMax = max;
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public RedisSettings build() {
            return new RedisSettings(url, password, tlsTrustedCertificates, channelPrefix, attachmentPrefix, attachmentTtl, mode, whenUnreachable,
                    maxPendingPublishes, reconnectDelayMin, reconnectDelayMax, ioThreads);
        }
    }
}
