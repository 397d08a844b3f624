package dev.wharf.servlet;

import jakarta.servlet.ServletInputStream;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.locks.Lock;

/**
 * The lock under which the host itself touches an upgraded connection's input, where a read on a thread of Wharf's
 * (a resume after a pause) must hold it too: null where none is needed or reachable.
 *
 * <p>Tomcat's upgraded input stream, before each {@code onDataAvailable}, reads from the socket into a buffer it
 * shares with {@code read} ({@code isReadyForRead}), outside any lock of ours; and after each such event it asks for
 * the next one, paused or not. So a read on Wharf's thread that resumes a paused connection could run at the same
 * time as that event on Tomcat's thread, and the two corrupted the byte stream (seen as a close with 1002 on a
 * correct peer's frames, in {@code ReadPauseResumeTest} on {@code tomcat-servlet}). Tomcat runs every event of a
 * connection under its socket wrapper's lock, so the resuming read takes that lock as well. Reached by reflection:
 * where it is not (another version, a hiding class loader) the read goes without it, as before.
 */
final class HostReadLock {

    private static final System.Logger LOG = System.getLogger(HostReadLock.class.getName());
    private static final String TOMCAT_INPUT = "org.apache.coyote.http11.upgrade.UpgradeServletInputStream";

    private HostReadLock() {
    }

    /** The field and method, looked up once per input and socket class, not on every handshake. */
    private record Found(Class<?> input, Field wrapper, Class<?> socket, Method getLock) {
    }

    private static volatile Found found;

    static Lock of(ServletInputStream in) {
        Class<?> type = in.getClass();
        if (!type.getName().equals(TOMCAT_INPUT)) {
            return null;
        }
        try {
            Found known = found;
            Field wrapper;
            if (known != null && known.input() == type) {
                wrapper = known.wrapper();
            } else {
                wrapper = type.getDeclaredField("socketWrapper");
                wrapper.setAccessible(true);
                known = null;
            }
            Object socket = wrapper.get(in);
            if (known == null || known.socket() != socket.getClass()) {
                known = new Found(type, wrapper, socket.getClass(), socket.getClass().getMethod("getLock"));
                found = known;
            }
            return (Lock) known.getLock().invoke(socket);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "Tomcat's socket lock is not reachable; a resumed read may race Tomcat's", e);
            return null;
        }
    }
}
