package dev.wharf.tck.arquillian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/** What the Arquillian container does with a ShrinkWrap archive before a host deploys it. */
final class WarFiles {

    private WarFiles() {}

    /** The TCK's rule: the archive name without {@code .war}; {@code ROOT.war} is the root context. */
    static String contextPath(Archive<?> archive) {
        String name = archive.getName();
        String base = name.endsWith(".war") ? name.substring(0, name.length() - 4) : name;
        return base.equals("ROOT") ? "" : "/" + base;
    }

    /**
     * Unpacks {@code archive} into {@code dir} the way a servlet container unpacks a WAR: its own entries become
     * files, while the archives nested in it ({@code WEB-INF/lib/*.jar}) stay jar files. (ShrinkWrap's exploded
     * exporter would turn those into directories, which no class loader or scan treats as a jar.)
     */
    static void explode(Archive<?> archive, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream zipped = archive.as(ZipExporter.class).exportAsInputStream();
             ZipInputStream zip = new ZipInputStream(zipped)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry outside the archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }
}
