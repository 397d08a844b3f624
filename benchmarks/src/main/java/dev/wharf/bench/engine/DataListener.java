package dev.wharf.bench.engine;

import dev.wharf.engine.EngineListener;
import java.nio.ByteBuffer;

/**
 * An engine listener for measurements that feed data frames only: control frames and the close are ignored, and an
 * engine failure stops the measurement (its input was meant to be valid).
 */
abstract class DataListener implements EngineListener {

    @Override
    public void onPing(ByteBuffer payload) {}

    @Override
    public void onPong(ByteBuffer payload) {}

    @Override
    public void onClose(int code, String reason) {}

    @Override
    public void onFailure(int code, String reason) {
        throw new IllegalStateException("engine failed: " + code + " " + reason);
    }
}
