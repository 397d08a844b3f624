package dev.wharf.samples.redis;

import dev.wharf.samples.embedded.SamplesServer;
import dev.wharf.servlet.e2e.JdkClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Members of the sample chat in the scale-out tests: JDK clients that join a room and talk in it. */
final class ChatMembers {

    /** Ends every line: not ASCII, so that byte-exactness of the UTF-8 payload through Redis is checked too. */
    static final String TAIL = " é ✓ 🚀";

    private ChatMembers() {}

    /** Joins {@code room} on {@code server} as {@code name} (once the chat announced it), kept in {@code clients}. */
    static JdkClient join(List<JdkClient> clients, SamplesServer server, String room, String name) throws Exception {
        JdkClient client = JdkClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/chat/" + room
                + "?name=" + name));
        clients.add(client);
        client.nextTextMatching(("* " + name + " joined")::equals);
        return client;
    }

    /** Sends {@code prefix + i + TAIL} for i = 0 … lines - 1, in order, on another thread. */
    static CompletableFuture<Void> talk(JdkClient client, String prefix, int lines) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < lines; i++) {
                    client.sendText(prefix + i + TAIL);
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not send line " + prefix + "…", e);
            }
        });
    }
}
