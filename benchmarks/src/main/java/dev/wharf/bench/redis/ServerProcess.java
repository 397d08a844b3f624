package dev.wharf.bench.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RoomServer} in a JVM of its own (this one's java and class path), so that the servers of a run do not
 * share a heap, a JIT or a garbage collector with each other or with the load generator. Ends when closed, or when
 * this JVM ends (its standard input closes).
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    ServerProcess(String redisUrl, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RoomServer.class.getName()));
        if (redisUrl != null) {
            command.add(redisUrl);
        }
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int found = -1;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(RoomServer.LISTENING)) {
                found = Integer.parseInt(line.substring(RoomServer.LISTENING.length()).trim());
                break;
            }
        }
        if (found < 0) {
            process.destroyForcibly();
            throw new IOException("the room server process ended before listening: " + command);
        }
        port = found;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
