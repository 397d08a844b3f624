package dev.wharf.engine;

/**
 * Fixed settings of one {@link Engine}. Immutable; build with {@link #builder(Role)}.
 *
 * <p>Defaults: max frame 16 MiB, max whole text and binary message 1 MiB each (changeable per engine at run time),
 * no extensions.
 */
public final class EngineConfig {
    // Being implemented: role, maxFrameSize, initial max text/binary message sizes, negotiated extensions (RSV owners).
    private EngineConfig() {
    }

    public static Object builder(Role role) {
        throw new UnsupportedOperationException("engine: being implemented");
    }
}
