package dev.wharf.session;

import jakarta.websocket.WebSocketContainer;

/**
 * The {@link WebSocketContainer} defaults both of Wharf's containers share: each getter and setter reads or changes
 * the {@link ContainerDefaults} new sessions start from.
 */
public abstract class DefaultsContainer implements WebSocketContainer {

    protected final ContainerDefaults defaults;

    protected DefaultsContainer(ContainerDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public long getDefaultAsyncSendTimeout() {
        return defaults.asyncSendTimeoutMs();
    }

    @Override
    public void setAsyncSendTimeout(long timeoutMs) {
        defaults.asyncSendTimeoutMs(timeoutMs);
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return defaults.maxIdleTimeoutMs();
    }

    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeoutMs) {
        defaults.maxIdleTimeoutMs(timeoutMs);
    }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        return defaults.maxBinaryMessageBufferSize();
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) {
        defaults.maxBinaryMessageBufferSize(max);
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return defaults.maxTextMessageBufferSize();
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        defaults.maxTextMessageBufferSize(max);
    }
}
