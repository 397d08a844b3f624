package dev.wharf.servlet.hosts;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an exploded web archive declares, found the way a servlet container finds it but looking only inside the
 * archive ({@code WEB-INF/classes}, {@code WEB-INF/lib}): the classes an initializer's {@code @HandlesTypes} asks
 * for, {@code @WebListener} classes, and from {@code WEB-INF/web.xml} the context parameters and listeners.
 *
 * <p>Enough for WebSocket archives (endpoints, {@code ServerApplicationConfig}, listeners that add endpoints,
 * initializers in {@code WEB-INF/lib} jars, {@code @WebServlet} servlets such as one calling
 * {@code upgradeHttpToWebSocket}); not a full servlet deployment (no {@code @WebFilter}, no servlets declared in
 * {@code web.xml}, no fragments).
 */
final class WarScan {

    private final List<Class<?>> classes = new ArrayList<>();
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final Set<String> listenerClassNames = new LinkedHashSet<>();
    private final Set<String> initializerClassNames = new LinkedHashSet<>();

    private WarScan() {}

    /** Loads every class of the archive through {@code loader}; classes that do not load are left out. */
    static WarScan of(Path war, ClassLoader loader) throws Exception {
        WarScan scan = new WarScan();
        List<String> names = new ArrayList<>();
        Path classesDir = war.resolve("WEB-INF/classes");
        if (Files.isDirectory(classesDir)) {
            try (Stream<Path> files = Files.walk(classesDir)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> classesDir.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .forEach(names::add);
            }
        }
        for (Path jar : WarClassLoader.libJars(war)) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                jf.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).sorted().forEach(names::add);
                // servlet 8.2.4: initializers are found through the service files of the application's jars
                JarEntry services = jf.getJarEntry("META-INF/services/" + ServletContainerInitializer.class.getName());
                if (services != null) {
                    try (var in = jf.getInputStream(services)) {
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty())
                                .forEach(scan.initializerClassNames::add);
                    }
                }
            }
        }
        for (String file : names) {
            if (file.endsWith("module-info.class") || file.endsWith("package-info.class")) {
                continue;
            }
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
            try {
                scan.classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // A class whose dependencies are missing cannot be one the application deploys.
            }
        }
        for (Class<?> c : scan.classes) {
            if (c.isAnnotationPresent(WebListener.class)) {
                scan.listenerClassNames.add(c.getName());
            }
        }
        scan.readWebXml(war.resolve("WEB-INF/web.xml"));
        return scan;
    }

    /** The archive's classes that {@code initializer}'s {@code @HandlesTypes} selects (servlet 8.2.4). */
    Set<Class<?>> handledBy(Class<?> initializer) {
        HandlesTypes handles = initializer.getAnnotation(HandlesTypes.class);
        Set<Class<?>> selected = new LinkedHashSet<>();
        if (handles == null) {
            return selected;
        }
        for (Class<?> c : classes) {
            for (Class<?> type : handles.value()) {
                boolean matches = type.isAnnotation()
                        ? c.isAnnotationPresent(type.asSubclass(Annotation.class))
                        : type.isAssignableFrom(c) && c != type;
                if (matches) {
                    selected.add(c);
                }
            }
        }
        return selected;
    }

    /** The archive's {@code @WebServlet} classes. */
    List<Class<?>> servletClasses() {
        return classes.stream().filter(c -> c.isAnnotationPresent(WebServlet.class)).toList();
    }

    /** New instances of the initializers the archive's jars declare, in jar order. */
    List<ServletContainerInitializer> initializers(ClassLoader loader) throws ReflectiveOperationException {
        List<ServletContainerInitializer> found = new ArrayList<>();
        for (String name : initializerClassNames) {
            found.add((ServletContainerInitializer) Class.forName(name, true, loader).getConstructor().newInstance());
        }
        return found;
    }

    Map<String, String> contextParams() {
        return contextParams;
    }

    Set<String> listenerClassNames() {
        return listenerClassNames;
    }

    private void readWebXml(Path webXml) throws Exception {
        if (!Files.isRegularFile(webXml)) {
            return;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc;
        try {
            doc = factory.newDocumentBuilder().parse(webXml.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read " + webXml, e);
        }
        NodeList params = doc.getElementsByTagNameNS("*", "context-param");
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            contextParams.put(text(p, "param-name"), text(p, "param-value"));
        }
        NodeList listeners = doc.getElementsByTagNameNS("*", "listener");
        for (int i = 0; i < listeners.getLength(); i++) {
            listenerClassNames.add(text((Element) listeners.item(i), "listener-class"));
        }
    }

    private static String text(Element parent, String child) {
        NodeList n = parent.getElementsByTagNameNS("*", child);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
    }
}
