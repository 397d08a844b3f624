package dev.wharf.tck.spec.client;

import dev.wharf.servlet.e2e.JdkClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link SpecClient} over the JDK's {@code java.net.http.WebSocket} (the shared test client): independent of Wharf. */
final class JdkSpecClient implements SpecClient {

    @Override
    public Connection connect(URI uri, List<String> subprotocols) throws Exception {
        JdkClient client = JdkClient.connect(uri, subprotocols);
        return new Connection() {
            @Override
            public void sendText(String text) throws Exception {
                client.sendText(text);
            }

            @Override
            public String receiveText() throws Exception {
                Object message = client.messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!(message instanceof String text)) {
                    throw new AssertionError(message == null ? "no text message within " + TIMEOUT
                            : "expected a text message, got a binary one");
                }
                return text;
            }

            @Override
            public String awaitClose() throws Exception {
                JdkClient.Close close = client.closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return close.code() + " " + close.reason();
            }

            @Override
            public String subprotocol() {
                return client.subprotocol();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
