package dev.wharf.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The containers of this class loader that are running and published, and who wants to hear of them (Micrometer
 * binders). A binder registered before a web application starts still sees it, and sees it go when it stops.
 */
final class PublishedContainers {

    /** Told of containers as they are published and withdrawn. */
    interface Listener {
        void published(ContainerMeters container);

        void withdrawn(ContainerMeters container);
    }

    private static final Set<ContainerMeters> LIVE = ConcurrentHashMap.newKeySet();
    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    private PublishedContainers() {
    }

    static synchronized void add(ContainerMeters container) {
        if (LIVE.add(container)) {
            for (Listener l : LISTENERS) {
                l.published(container);
            }
        }
    }

    static synchronized void remove(ContainerMeters container) {
        if (LIVE.remove(container)) {
            for (Listener l : LISTENERS) {
                l.withdrawn(container);
            }
        }
    }

    /** Adds {@code listener} and tells it of every container published now. */
    static synchronized void listen(Listener listener) {
        LISTENERS.add(listener);
        for (ContainerMeters c : LIVE) {
            listener.published(c);
        }
    }

    static synchronized void stopListening(Listener listener) {
        LISTENERS.remove(listener);
    }

    static Set<ContainerMeters> live() {
        return Set.copyOf(LIVE);
    }
}
