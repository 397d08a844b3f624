package dev.wharf.rooms;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Where durable per-connection attachments are kept, by attachment id. The default keeps them in a directory (one file
 * per id, written to a temporary file and renamed so that a write lands whole or not at all); {@code wharf-redis}
 * keeps them in Redis so that a client reconnecting to another server can have its state adopted there.
 *
 * <p>Ids are chosen by Wharf (URL-safe, at most 64 characters). Methods may block briefly on I/O; they are not called
 * on a WebSocket reading thread.
 */
public interface AttachmentStore extends AutoCloseable {

    /** Replaces the bytes stored under {@code id}, atomically. */
    void write(String id, byte[] bytes) throws IOException;

    /** The bytes stored under {@code id}, or empty if there are none. */
    Optional<byte[]> read(String id) throws IOException;

    /** Removes what is stored under {@code id}; nothing happens if there is nothing. */
    void remove(String id) throws IOException;

    /** The ids stored now (after a restart: what the sessions of a crashed process left behind). */
    Set<String> ids() throws IOException;

    @Override
    void close() throws IOException;
}
