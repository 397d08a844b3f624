package dev.wharf.metrics;

import java.util.Set;

/**
 * Where an application reads Wharf's figures: from its {@code ServerContainer}
 * ({@code servletContext.getAttribute("jakarta.websocket.server.ServerContainer")}), or every running container of
 * this class loader. The same figures are in JMX ({@code dev.wharf:type=WebSocketContainer,…}) and, with
 * Micrometer on the class path, in any {@code MeterRegistry} through {@link WharfMeterBinder}. docs/METRICS.md lists
 * them all.
 */
public final class WharfMetrics {

    /** Implemented by Wharf's containers. */
    public interface Metered {
        ContainerMeters meters();
    }

    private WharfMetrics() {
    }

    /**
     * The meters of {@code container}, a Wharf {@code ServerContainer} or {@code WharfClientContainer}.
     *
     * @throws IllegalArgumentException if it is not Wharf's
     */
    public static ContainerMeters of(Object container) {
        if (container instanceof Metered metered) {
            return metered.meters();
        }
        throw new IllegalArgumentException("not a Wharf container: "
                + (container == null ? "null" : container.getClass().getName()));
    }

    /** The running containers with metrics on, of this class loader (client containers once they connected). */
    public static Set<ContainerMeters> containers() {
        return PublishedContainers.live();
    }
}
