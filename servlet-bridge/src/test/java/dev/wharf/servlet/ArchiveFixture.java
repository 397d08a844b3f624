package dev.wharf.servlet;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A web application spread over three archives, compiled at test time, for spec 6.2's "the scan of the archive
 * containing it" [WSC-6.2-4]. The test classes all come from one directory, so archives have to be built:
 *
 * <ul>
 *   <li>{@code WEB-INF/classes} (a directory): {@code web.WebConfig}, which returns what it is handed, and
 *       {@code @ServerEndpoint("/web") web.WebEcho};
 *   <li>{@code WEB-INF/lib/one.jar}: {@code one.OneConfig}, which returns what it is handed (programmatic
 *       endpoints at {@code /one-greeter}) plus {@code plain.ClaimedEcho} from another archive,
 *       {@code @ServerEndpoint("/one") one.OneEcho} and the programmatic {@code one.OneGreeter};
 *   <li>{@code WEB-INF/lib/plain.jar}, without a config: {@code @ServerEndpoint("/plain") plain.PlainEcho} and
 *       {@code @ServerEndpoint("/claimed") plain.ClaimedEcho}.
 * </ul>
 *
 * Every endpoint answers a text with its path, a space and the text. Each config records what it was handed in
 * {@link #HANDED}.
 */
public final class ArchiveFixture {

    /** {@code "<config> annotated"} / {@code "<config> programmatic"} → the simple names handed, once per call. */
    public static final Map<String, List<String>> HANDED = new ConcurrentHashMap<>();

    /** Called by the compiled configs. */
    public static void handed(String config, String kind, Collection<? extends Class<?>> scanned) {
        String names = scanned.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new))
                .toString();
        HANDED.computeIfAbsent(config + " " + kind, k -> new CopyOnWriteArrayList<>()).add(names);
    }

    private static final String ECHO = """
            package %1$s;
            @jakarta.websocket.server.ServerEndpoint("/%2$s")
            public class %3$s {
                @jakarta.websocket.OnMessage
                public String echo(String text) {
                    return "/%2$s " + text;
                }
            }
            """;

    private static final String CONFIG = """
            package %1$s;
            import jakarta.websocket.Endpoint;
            import jakarta.websocket.server.ServerEndpointConfig;
            import java.util.HashSet;
            import java.util.Set;
            public class %2$s implements jakarta.websocket.server.ServerApplicationConfig {
                @Override
                public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
                    dev.wharf.servlet.ArchiveFixture.handed("%2$s", "programmatic", scanned);
                    Set<ServerEndpointConfig> configs = new HashSet<>();
                    for (Class<? extends Endpoint> c : scanned) {
                        configs.add(ServerEndpointConfig.Builder.create(c, "/%1$s-greeter").build());
                    }
                    return configs;
                }
                @Override
                public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
                    dev.wharf.servlet.ArchiveFixture.handed("%2$s", "annotated", scanned);
                    Set<Class<?>> classes = new HashSet<>(scanned);
                    %3$s
                    return classes;
                }
            }
            """;

    private static final String GREETER = """
            package one;
            import jakarta.websocket.*;
            import jakarta.websocket.server.ServerEndpointConfig;
            public class OneGreeter extends Endpoint {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    String path = ((ServerEndpointConfig) config).getPath();
                    RemoteEndpoint.Async remote = session.getAsyncRemote();
                    session.addMessageHandler(String.class, text -> remote.sendText(path + " " + text));
                }
            }
            """;

    /** Where the archives are. */
    public final Path classesDir;
    public final Path oneJar;
    public final Path plainJar;
    /** Loads all three, as a web application's class loader does; its parent is the test class path. */
    public final URLClassLoader loader;

    private ArchiveFixture(Path root) throws IOException {
        Path out = root.resolve("compiled");
        compile(root.resolve("src"), out, Map.of(
                "web/WebConfig", String.format(CONFIG, "web", "WebConfig", ""),
                "web/WebEcho", String.format(ECHO, "web", "web", "WebEcho"),
                "one/OneConfig", String.format(CONFIG, "one", "OneConfig", "classes.add(plain.ClaimedEcho.class);"),
                "one/OneEcho", String.format(ECHO, "one", "one", "OneEcho"),
                "one/OneGreeter", GREETER,
                "plain/PlainEcho", String.format(ECHO, "plain", "plain", "PlainEcho"),
                "plain/ClaimedEcho", String.format(ECHO, "plain", "claimed", "ClaimedEcho")));
        classesDir = root.resolve("WEB-INF/classes");
        copyTree(out.resolve("web"), classesDir.resolve("web"));
        oneJar = jar(out, "one", root.resolve("WEB-INF/lib/one.jar"));
        plainJar = jar(out, "plain", root.resolve("WEB-INF/lib/plain.jar"));
        loader = new URLClassLoader(new URL[] {classesDir.toUri().toURL(), oneJar.toUri().toURL(),
                plainJar.toUri().toURL()}, ArchiveFixture.class.getClassLoader());
    }

    /** Compiles and packs the archives under {@code root}. */
    public static ArchiveFixture build(Path root) throws IOException {
        return new ArchiveFixture(root);
    }

    /** The classes a servlet container's scan for {@code WharfInitializer}'s {@code @HandlesTypes} finds. */
    public Set<Class<?>> scan() {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String name : List.of("web.WebConfig", "web.WebEcho", "one.OneConfig", "one.OneEcho", "one.OneGreeter",
                "plain.PlainEcho", "plain.ClaimedEcho")) {
            found.add(load(name));
        }
        return found;
    }

    public Class<?> load(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(Path src, Path out, Map<String, String> sources) throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", String.join(
                java.io.File.pathSeparator, location(ServerEndpoint.class), location(Endpoint.class),
                location(ArchiveFixture.class))));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests need a JDK: no system Java compiler");
        }
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed with " + status);
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packs the compiled package {@code pkg} into {@code jar}. */
    private static Path jar(Path compiled, String pkg, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> classes = Files.walk(compiled.resolve(pkg))) {
            for (Path c : classes.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(compiled.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
