package dev.wharf.redis;

import dev.wharf.rooms.AttachmentStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
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
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
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
        run(c -> c.set(key(id), bytes, args));
    }

    @Override
    public Optional<byte[]> read(String id) throws IOException {
        return Optional.ofNullable(run(c -> c.get(key(id))));
    }

    @Override
    public void remove(String id) throws IOException {
        run(c -> c.del(key(id)));
    }

    @Override
    public Set<String> ids() throws IOException {
        return run(c -> {
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
                cursor = c.scan(ScanCursor.of(cursor.getCursor()), match);
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
        RedisCommands<byte[], byte[]> c;
        try {
            c = connection();
            return call.on(c);
        } catch (RedisException | IllegalStateException e) {
            throw new IOException("Redis at " + settings.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    private synchronized RedisCommands<byte[], byte[]> connection() throws IOException {
        if (closed) {
            throw new IOException("attachment store closed");
        }
        if (connection == null) {
            connector.sharded(); // refuses a multi-shard cluster, whose keys this connection could not reach
            RedisClient c = connector.client(1024);
            try {
                connection = RedisConnector.connect(c);
            } catch (RuntimeException e) {
                c.shutdown(0, 0, TimeUnit.MILLISECONDS);
                throw e;
            }
            client = c;
        }
        return connection.sync();
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
        T on(RedisCommands<byte[], byte[]> c);
    }
}
