package dev.wharf.redis;

import dev.wharf.rooms.AttachmentStore;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Durable attachments in Redis, one string key per id ({@code attachmentPrefix + id}), so that a client reconnecting
 * to another server finds its state there. A write is one {@code SET} (whole or not at all) that also renews the
 * key's time to live ({@code attachmentTtl}; zero: no expiry). Connects on first use and reconnects by itself; while
 * Redis is unreachable every method fails at once with an {@link IOException}.
 */
public final class RedisAttachmentStore implements AttachmentStore {

    private final RedisSettings settings;
    private final RedisConnector connector;
    private final byte[] prefix;
    private AbstractRedisClient client;
    private StatefulConnection<byte[], byte[]> connection;
    private RedisKeyCommands<byte[], byte[]> keys;
    private RedisStringCommands<byte[], byte[]> strings;
    private boolean closed;

    private RedisAttachmentStore(RedisSettings settings) {
        this.settings = settings;
        this.connector = new RedisConnector(settings);
        this.prefix = settings.attachmentPrefix().getBytes(StandardCharsets.UTF_8);
    }

    /** A store on the Redis of {@code settings}; it connects on first use. */
    public static RedisAttachmentStore create(RedisSettings settings) {
        return new RedisAttachmentStore(settings);
    }

    @Override
    public void write(String id, byte[] bytes) throws IOException {
        SetArgs args = settings.attachmentTtl().isZero() ? new SetArgs() : SetArgs.Builder.px(settings.attachmentTtl());
        run(() -> strings().set(key(id), bytes, args));
    }

    @Override
    public Optional<byte[]> read(String id) throws IOException {
        return Optional.ofNullable(run(() -> strings().get(key(id))));
    }

    @Override
    public void remove(String id) throws IOException {
        run(() -> keys().del(key(id)));
    }

    @Override
    public Set<String> ids() throws IOException {
        return run(() -> {
            // on a cluster, Lettuce's cursor walks every primary in turn
            RedisKeyCommands<byte[], byte[]> c = keys();
            Set<String> ids = new HashSet<>();
            ScanArgs match = ScanArgs.Builder.matches(globEscaped(settings.attachmentPrefix()) + "*").limit(1000);
            KeyScanCursor<byte[]> cursor = c.scan(match);
            while (true) {
                for (byte[] key : cursor.getKeys()) {
                    ids.add(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8));
                }
                if (cursor.isFinished()) {
                    return ids;
                }
                cursor = c.scan(cursor, match); // the cursor itself: a cluster one also says which node is next
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            connection.close();
            client.shutdown(0, 0, TimeUnit.MILLISECONDS);
        }
        connector.close();
    }

    private <T> T run(RedisCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (RedisException | IllegalStateException e) {
            throw new IOException("Redis at " + settings.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    private synchronized RedisKeyCommands<byte[], byte[]> keys() throws IOException {
        connect();
        return keys;
    }

    private synchronized RedisStringCommands<byte[], byte[]> strings() throws IOException {
        connect();
        return strings;
    }

    /**
     * Connects on first use: to the URL's node, or on a cluster through Lettuce's cluster client, which sends each
     * key's command to the primary owning its slot (the order of different keys' writes does not matter here).
     */
    private void connect() throws IOException {
        if (closed) {
            throw new IOException("attachment store closed");
        }
        if (connection != null) {
            return;
        }
        if (connector.cluster()) {
            RedisClusterClient c = RedisClusterClient.create(connector.resources(), connector.seed());
            c.setOptions(connector.clusterOptions(1024));
            try {
                StatefulRedisClusterConnection<byte[], byte[]> cc = c.connect(ByteArrayCodec.INSTANCE);
                connection = cc;
                keys = cc.sync();
                strings = cc.sync();
            } catch (RuntimeException e) {
                c.shutdown(0, 0, TimeUnit.MILLISECONDS);
                throw e;
            }
            client = c;
        } else {
            RedisClient c = connector.client(1024);
            try {
                StatefulRedisConnection<byte[], byte[]> sc = RedisConnector.connect(c, connector.seed());
                connection = sc;
                keys = sc.sync();
                strings = sc.sync();
            } catch (RuntimeException e) {
                c.shutdown(0, 0, TimeUnit.MILLISECONDS);
                throw e;
            }
            client = c;
        }
    }

    private byte[] key(String id) {
        byte[] name = id.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + name.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(name, 0, key, prefix.length, name.length);
        return key;
    }

    /** {@code SCAN MATCH} treats {@code * ? [ ] \} as pattern characters; a prefix holding them must match itself. */
    static String globEscaped(String literal) {
        StringBuilder b = new StringBuilder(literal.length());
        for (char ch : literal.toCharArray()) {
            if ("*?[]\\".indexOf(ch) >= 0) {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    @FunctionalInterface
    private interface RedisCall<T> {
        T run() throws IOException;
    }
}
