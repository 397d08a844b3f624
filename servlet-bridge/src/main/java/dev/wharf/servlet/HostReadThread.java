package dev.wharf.servlet;

import jakarta.servlet.ServletInputStream;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;

/**
 * The host's own thread for an upgraded connection's input, where the host has one to hand a resumed read to
 * (Undertow's I/O thread): null elsewhere, and then a resumed read runs on the thread that resumed it.
 *
 * <p>Undertow reads an upgraded connection on its I/O thread; a read on any other thread takes a buffer from its
 * {@code DefaultByteBufferPool}, whose first allocation on each new thread registers that thread under one lock, and
 * a read that finds nothing asks the I/O thread to resume through its task queue, waking its selector. With 1,000
 * peers that stop reading (issue #19, {@code slow-readers}), a few hundred Wharf callback threads resumed reads after
 * their endpoints took messages: a JFR recording showed them queued on that pool's lock (9.6 s in all over 59
 * waits) and on the I/O thread's selector wake-up, and the I/O threads themselves blocked up to 270 ms at a time
 * behind them in {@code EPollSelectorImpl.clearInterrupt}: the I/O thread that also serves every other connection,
 * a new canary's echo among them. Handed to Undertow's I/O executor ({@code UpgradeServletInputStream.ioExecutor},
 * reached by reflection), a resumed read runs where Undertow reads anyway; where the field is not reachable (another
 * version, a hiding class loader) the read goes on the resuming thread, as before.
 */
final class HostReadThread {

    private static final System.Logger LOG = System.getLogger(HostReadThread.class.getName());
    private static final String UNDERTOW_INPUT = "io.undertow.servlet.spec.UpgradeServletInputStream";

    private HostReadThread() {
    }

    /**
     * The field, looked up once per input class: a lookup per connection copied the {@code Field} and checked its
     * access again on every handshake. One entry is enough (one host per application); another class replaces it.
     */
    private record Found(Class<?> type, Field field) {
    }

    private static volatile Found found;

    static Executor of(ServletInputStream in) {
        Class<?> type = in.getClass();
        if (!type.getName().equals(UNDERTOW_INPUT)) {
            return null;
        }
        try {
            Found known = found;
            if (known == null || known.type() != type) {
                Field field = type.getDeclaredField("ioExecutor");
                field.setAccessible(true);
                known = new Found(type, field);
                found = known;
            }
            return known.field().get(in) instanceof Executor io ? io : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "Undertow's I/O executor is not reachable; resumed reads run on Wharf's threads", e);
            return null;
        }
    }
}
