package dev.wharf.servlet.spec;

import dev.wharf.servlet.e2e.JdkClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import javax.net.ssl.SSLContext;

/**
 * The spec tests' view of the shared {@link JdkClient}: calls that return the client, so a test reads as the
 * conversation it has ({@code ws.sendPart("a", false).sendPart("b", true).nextText()}).
 */
final class Ws implements AutoCloseable {

    /** Whole messages in arrival order: text as {@code String}, binary as {@code byte[]}. */
    final BlockingQueue<Object> messages;
    private final JdkClient client;

    private Ws(JdkClient client) {
        this.client = client;
        this.messages = client.messages;
    }

    static Ws connect(URI uri, String... subprotocols) throws Exception {
        return new Ws(JdkClient.connect(uri, List.of(subprotocols)));
    }

    static Ws connectWithHeader(URI uri, String name, String value) throws Exception {
        return new Ws(JdkClient.connect(uri, name, value));
    }

    static Ws connectSecure(URI uri, SSLContext tls) throws Exception {
        return new Ws(JdkClient.connect(uri, tls));
    }

    String subprotocol() {
        return client.subprotocol();
    }

    Ws sendText(String message) throws Exception {
        client.sendText(message);
        return this;
    }

    Ws sendPart(String part, boolean last) throws Exception {
        client.sendText(part, last);
        return this;
    }

    Ws sendBinary(byte[] message) throws Exception {
        client.sendBinary(message);
        return this;
    }

    Ws sendBinaryPart(byte[] part, boolean last) throws Exception {
        client.sendBinary(part, last);
        return this;
    }

    Ws sendPong(String data) throws Exception {
        client.sendPong(data.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Sends {@code message} and returns the next text reply. */
    String ask(String message) throws Exception {
        return sendText(message).nextText();
    }

    String nextText() throws Exception {
        return client.nextText();
    }

    byte[] nextBinary() throws Exception {
        return client.nextBinary();
    }

    Object next() throws Exception {
        return client.next();
    }

    JdkClient.Close awaitClose() throws Exception {
        return client.awaitClose();
    }

    void closeNormally() throws Exception {
        client.closeNormally();
    }

    @Override
    public void close() {
        client.close();
    }
}
