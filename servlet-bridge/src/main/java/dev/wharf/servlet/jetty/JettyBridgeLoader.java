package dev.wharf.servlet.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Defines Wharf's Jetty-native upgrade classes ({@link #BRIDGED}) next to Jetty's own, so that they can link
 * {@code org.eclipse.jetty.*} although the web application cannot: a stock Jetty distribution hides Jetty's classes
 * from web applications ({@code jetty.webapp.addHiddenClasses}), and a Wharf class loaded by the application's loader
 * that extends {@code AbstractConnection} would fail to link there.
 *
 * <p>Jetty classes come from the loader of Jetty's servlet request class (the Jetty environment's loader, which sees
 * the server); everything else (Wharf's session types, the servlet and WebSocket APIs, the JDK) from the
 * application's loader, so the bridged classes and the application share those types. The bridged classes form their
 * own runtime package: among themselves they use package access; towards the application only public types
 * ({@code Transport}, {@code WebSocketSession}, {@code java.util.function}) cross.
 */
final class JettyBridgeLoader extends ClassLoader {

    /** Top-level classes defined here (with their nested classes); none of them is loaded by the application too. */
    static final List<String> BRIDGED = List.of("dev.wharf.servlet.jetty.JettyUpgrade",
            "dev.wharf.servlet.jetty.JettyEndPointTransport");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader jetty;
    private final ClassLoader wharf;

    /**
     * @param jetty a loader that sees Jetty's core classes (the loader of Jetty's request class)
     * @param wharf the loader of Wharf's own classes (their bytes, and every non-Jetty type they use)
     */
    JettyBridgeLoader(ClassLoader jetty, ClassLoader wharf) {
        super("wharf-jetty-bridge", null);
        this.jetty = jetty;
        this.wharf = wharf;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (bridged(name)) {
                    c = define(name);
                } else if (name.startsWith("org.eclipse.jetty.")) {
                    c = jetty.loadClass(name);
                } else {
                    c = wharf.loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    static boolean bridged(String name) {
        for (String b : BRIDGED) {
            if (name.equals(b) || name.startsWith(b) && name.charAt(b.length()) == '$') {
                return true;
            }
        }
        return false;
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = wharf.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + ": " + resource + " not found beside Wharf's classes");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, JettyBridgeLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
