package dev.wharf.servlet;

import java.lang.System.Logger.Level;
import java.net.URL;
import java.security.CodeSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells which archive of a web application ({@code WEB-INF/classes} or one {@code WEB-INF/lib} JAR) each scanned
 * class came from, so that each {@code ServerApplicationConfig} can be handed the scan of its own archive
 * [WSC-6.2-4]. {@code @HandlesTypes} hands over bare classes; their code source is the only trace of the archive
 * left.
 */
final class Archives {

    private static final System.Logger LOG = System.getLogger(Archives.class.getName());

    /** The one archive everything belongs to when some class's archive cannot be told. */
    static final String WHOLE_APPLICATION = "(whole application)";

    private Archives() {}

    /**
     * The archive of each class, in the order given. If any class's archive is unknown (no code source, or a
     * security manager hides it), every class is put in {@link #WHOLE_APPLICATION}: handing a config the whole scan
     * deploys more than the spec says, but guessing an archive could hide a config's endpoints from it.
     */
    static Map<Class<?>, String> of(Collection<Class<?>> classes) {
        Map<Class<?>, String> archives = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            String archive;
            try {
                CodeSource source = c.getProtectionDomain().getCodeSource();
                URL location = source == null ? null : source.getLocation();
                archive = location == null ? null : normalise(location.toExternalForm());
            } catch (SecurityException e) {
                LOG.log(Level.DEBUG, "Wharf: the archive of {0} is hidden ({1}); every ServerApplicationConfig is"
                        + " handed the whole scan", c.getName(), e.toString());
                return wholeApplication(classes);
            }
            if (archive == null) {
                LOG.log(Level.DEBUG, "Wharf: {0} has no code source location; every ServerApplicationConfig is"
                        + " handed the whole scan", c.getName());
                return wholeApplication(classes);
            }
            archives.put(c, archive);
        }
        return archives;
    }

    private static Map<Class<?>, String> wholeApplication(Collection<Class<?>> classes) {
        Map<Class<?>, String> archives = new LinkedHashMap<>();
        classes.forEach(c -> archives.put(c, WHOLE_APPLICATION));
        return archives;
    }

    /**
     * One spelling per archive: containers report a JAR as {@code file:/…/a.jar} or {@code jar:file:/…/a.jar!/},
     * and a directory with or without its trailing slash. Only the outermost {@code jar:…!/} is removed, so JARs
     * nested in one file ({@code jar:nested:/app.jar/!lib/a.jar!/}) stay apart. Compared as strings:
     * {@link URL#equals} may resolve host names.
     */
    static String normalise(String url) {
        String s = url;
        if (s.startsWith("jar:")) {
            s = s.substring("jar:".length());
            if (s.endsWith("!/")) {
                s = s.substring(0, s.length() - "!/".length());
            }
        }
        while (s.endsWith("/") && !s.endsWith(":/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
