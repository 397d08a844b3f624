package dev.wharf.servlet.hosts;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader of one exploded web archive: {@code WEB-INF/classes} and every {@code WEB-INF/lib/*.jar},
 * searched <em>before</em> the parent (servlet 10.7.2), except for the platform and the server (Java, Jakarta,
 * Jetty, Wharf itself), which always come from the parent.
 *
 * <p>Why child-first: the test classes that go into an archive are also on the test class path. Loading them from
 * the archive gives each deployment its own classes and static state, as a real container does, and makes a class
 * left out of the archive fail to load instead of being found silently on the test class path.
 */
final class WarClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** Packages a web application never overrides (the server's own classes and the platform's APIs). */
    private static final List<String> SERVER_PACKAGES = List.of("java.", "javax.", "jakarta.", "sun.", "jdk.",
            "org.eclipse.jetty.", "org.slf4j.", "dev.wharf.engine.", "dev.wharf.handshake.", "dev.wharf.endpoint.",
            "dev.wharf.session.", "dev.wharf.server.", "dev.wharf.client.", "dev.wharf.servlet.");

    WarClassLoader(Path explodedWar, ClassLoader parent) throws IOException {
        super("war:" + explodedWar.getFileName(), urls(explodedWar), parent);
    }

    private static URL[] urls(Path war) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path classes = war.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            urls.add(classes.toUri().toURL());
        }
        for (Path jar : libJars(war)) {
            urls.add(jar.toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }

    static List<Path> libJars(Path war) throws IOException {
        Path lib = war.resolve("WEB-INF/lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static boolean isServerClass(String name) {
        return SERVER_PACKAGES.stream().anyMatch(name::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isServerClass(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInWar) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL url = isServerClass(name.replace('/', '.')) ? null : findResource(name);
        return url != null ? url : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        for (URL u : Collections.list(getParent().getResources(name))) {
            if (!all.contains(u)) {
                all.add(u);
            }
        }
        return Collections.enumeration(all);
    }
}
