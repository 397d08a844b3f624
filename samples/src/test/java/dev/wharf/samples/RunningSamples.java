package dev.wharf.samples;

import dev.wharf.samples.embedded.SamplesServer;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The samples server for one test class, in-process on a free port: register with
 * {@code @RegisterExtension static final RunningSamples samples = new RunningSamples();}.
 */
public final class RunningSamples implements BeforeAllCallback, AfterAllCallback {

    private SamplesServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = SamplesServer.start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
