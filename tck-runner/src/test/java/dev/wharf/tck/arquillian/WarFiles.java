package dev.wharf.tck.arquillian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.Archive;

/** What both Arquillian containers do the same way with an archive. */
final class WarFiles {

    private WarFiles() {}

    /** The TCK's rule: the archive name without {@code .war}; {@code ROOT.war} is the root context. */
    static String contextPath(Archive<?> archive) {
        String name = archive.getName();
        String base = name.endsWith(".war") ? name.substring(0, name.length() - 4) : name;
        return base.equals("ROOT") ? "" : "/" + base;
    }

    static void deleteRecursively(Path path) throws IOException {
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
