package dev.wharf.rooms;

import dev.wharf.session.SessionPort;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One attachment per session (bytes, or a value through an {@link AttachmentCodec}) that lives as long as the
 * session, optionally durable. With a store ({@link #useStore}, {@link #useDirectory}, or the
 * {@code dev.wharf.attachments.dir} init parameter), every {@link #put} is written to it atomically, the session's
 * close removes it, and what a crashed process left behind can be listed ({@link #persisted()}) and adopted into a new
 * session ({@link #adopt}), for example when a client reconnects with the id it was given.
 *
 * <pre>{@code
 * Attachments attachments = Attachments.of(session);
 * String id = attachments.put(session, state);           // tell the client its id
 * // after a restart, when the client comes back with ?resume=id:
 * Optional<byte[]> state = attachments.adopt(newSession, id);
 * }</pre>
 *
 * <p>Store writes happen on the calling thread (a callback thread, usually) and may block briefly on disk.
 */
public final class Attachments {

    private static final Map<WebSocketContainer, Attachments> BY_CONTAINER = new WeakHashMap<>();
    private static final SecureRandom IDS = new SecureRandom();

    private record Attached(String id, byte[] bytes) {
    }

    private final ConcurrentHashMap<Session, Attached> attached = new ConcurrentHashMap<>();
    /** Ids of live sessions' attachments, so that {@link #persisted()} lists only orphans. */
    private final Set<String> liveIds = ConcurrentHashMap.newKeySet();
    private volatile AttachmentStore store;

    Attachments() {
    }

    public static Attachments of(Session session) {
        return of(session.getContainer());
    }

    public static Attachments of(WebSocketContainer container) {
        Objects.requireNonNull(container, "container");
        synchronized (BY_CONTAINER) {
            return BY_CONTAINER.computeIfAbsent(container, c -> new Attachments());
        }
    }

    /** Makes attachments durable in {@code store} from now on (null: in memory only); closes the previous store. */
    public synchronized void useStore(AttachmentStore newStore) throws IOException {
        AttachmentStore old = store;
        store = newStore;
        if (old != null && old != newStore) {
            old.close();
        }
    }

    /** Makes attachments durable in files under {@code directory} ({@link DirectoryAttachmentStore}). */
    public void useDirectory(Path directory) throws IOException {
        useStore(new DirectoryAttachmentStore(directory));
    }

    /** The durable store, if any. */
    public Optional<AttachmentStore> store() {
        return Optional.ofNullable(store);
    }

    /**
     * Sets the session's attachment to {@code bytes} (not copied), writing it to the store if there is one.
     *
     * @return the attachment's id, the same for every put to one session
     * @throws UncheckedIOException if the store cannot write it (the in-memory attachment is set all the same)
     */
    public String put(Session session, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        String id = attach(session, null, bytes);
        persist(id, bytes);
        return id;
    }

    /** Sets the session's attachment to {@code value}, encoded with {@code codec}; see {@link #put(Session, byte[])}. */
    public <T> String put(Session session, T value, AttachmentCodec<T> codec) {
        return put(session, codec.encode(value));
    }

    /** The session's attachment, if it has one. */
    public Optional<byte[]> get(Session session) {
        Attached a = attached.get(session);
        return a == null ? Optional.empty() : Optional.of(a.bytes);
    }

    /** The session's attachment decoded with {@code codec}, if it has one. */
    public <T> Optional<T> get(Session session, AttachmentCodec<T> codec) {
        return get(session).map(codec::decode);
    }

    /** The id of the session's attachment, if it has one. */
    public Optional<String> idOf(Session session) {
        Attached a = attached.get(session);
        return a == null ? Optional.empty() : Optional.of(a.id);
    }

    /** Removes the session's attachment, from the store too. */
    public void remove(Session session) {
        Attached a = attached.remove(session);
        if (a != null) {
            forget(a.id);
        }
    }

    /**
     * The ids in the store that no session of this process holds: what sessions of a crashed process (or of another
     * server sharing the store) left behind. Bad files are skipped (and logged by the store). Empty without a store.
     */
    public Set<String> persisted() throws IOException {
        AttachmentStore s = store;
        if (s == null) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>(s.ids());
        ids.removeAll(liveIds);
        return ids;
    }

    /**
     * Gives {@code session} the stored attachment {@code id} (from a previous process, say), under the same id.
     *
     * @return its bytes; empty if the store has no (good) attachment under that id, or a live session holds it
     */
    public Optional<byte[]> adopt(Session session, String id) throws IOException {
        AttachmentStore s = store;
        if (s == null || !liveIds.add(id)) {
            return Optional.empty();
        }
        Optional<byte[]> bytes;
        try {
            bytes = s.read(id);
        } catch (IOException | RuntimeException e) {
            liveIds.remove(id);
            throw e;
        }
        if (bytes.isEmpty()) {
            liveIds.remove(id);
            return bytes;
        }
        liveIds.remove(id); // attach claims it again, under the session
        attach(session, id, bytes.get());
        return bytes;
    }

    private String attach(Session session, String wantedId, byte[] bytes) {
        boolean[] fresh = {false};
        Attached now = attached.compute(session, (s, old) -> {
            String id = old != null && wantedId == null ? old.id : wantedId != null ? wantedId : newId();
            if (old == null) {
                fresh[0] = true;
            } else if (!old.id.equals(id)) {
                forget(old.id);
            }
            liveIds.add(id);
            return new Attached(id, bytes);
        });
        if (fresh[0]) {
            SessionPort.whenClosed(session, () -> remove(session)); // a clean end: nothing to recover
        }
        return now.id;
    }

    private void persist(String id, byte[] bytes) {
        AttachmentStore s = store;
        if (s != null) {
            try {
                s.write(id, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("attachment " + id + " not stored: " + e.getMessage(), e);
            }
        }
    }

    private void forget(String id) {
        liveIds.remove(id);
        AttachmentStore s = store;
        if (s != null) {
            try {
                s.remove(id);
            } catch (IOException e) {
                System.getLogger(Attachments.class.getName()).log(System.Logger.Level.WARNING,
                        "attachment {0} not removed from the store: {1}", id, e);
            }
        }
    }

    private static String newId() {
        byte[] random = new byte[16];
        IDS.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
