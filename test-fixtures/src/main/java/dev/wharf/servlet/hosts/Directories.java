package dev.wharf.servlet.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The hosts' temporary directories (base directories, exploded archives) are deleted when they are done with. */
public final class Directories {

    private Directories() {}

    /** Deletes {@code path} and everything below it; nothing happens if it is {@code null} or absent. */
    public static void deleteRecursively(Path path) throws IOException {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
