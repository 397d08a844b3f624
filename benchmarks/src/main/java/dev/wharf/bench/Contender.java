package dev.wharf.bench;

import java.util.List;
import java.util.Optional;

/**
 * A server under test: a name, the class path family the build produced for it (one file per family in
 * {@code target/classpath}), and the launcher class that {@link ServerMain} starts.
 */
public enum Contender {
    WHARF_JETTY("wharf-jetty", "wharf", "dev.wharf.bench.server.JettyServers$Wharf"),
    /** Wharf on Jetty with {@code dev.wharf.metrics=false}: the yardstick for what meters cost (docs/METRICS.md). */
    WHARF_JETTY_NO_METRICS("wharf-jetty-nometrics", "wharf", "dev.wharf.bench.server.JettyServers$WharfWithoutMetrics"),
    WHARF_TOMCAT("wharf-tomcat", "wharf", "dev.wharf.bench.server.TomcatServers$Wharf"),
    /** Wharf on Tomcat through the servlet upgrade, not Tomcat's internal one: opt-in, for before/after figures. */
    WHARF_TOMCAT_SERVLET("wharf-tomcat-servlet", "wharf", "dev.wharf.bench.server.TomcatServers$WharfServlet"),
    WHARF_UNDERTOW("wharf-undertow", "wharf", "dev.wharf.bench.server.UndertowServers$Wharf"),
    TOMCAT("tomcat", "tomcat", "dev.wharf.bench.server.TomcatServers$Native"),
    JETTY("jetty", "jetty", "dev.wharf.bench.server.JettyJakarta"),
    UNDERTOW("undertow", "undertow", "dev.wharf.bench.server.UndertowServers$Native"),
    /** Undertow's own with endpoints on its worker threads: the configuration its broadcast (blocking sends) needs. */
    UNDERTOW_WORKERS("undertow-workers", "undertow", "dev.wharf.bench.server.UndertowServers$NativeOnWorkers"),
    TYRUS("tyrus", "tyrus", "dev.wharf.bench.server.TyrusStandalone"),
    /**
     * Not a container: the least a Java server does for the same echo ({@code FloorServer}), one write per message,
     * and for the broadcast scenarios' room ({@code FloorBroadcast}: one gathering write per member per pass of its
     * selector thread). A yardstick for echo, churn, idle, broadcast and broadcast-rooms; opt-in.
     */
    FLOOR("floor", "floor", "dev.wharf.bench.server.FloorServer$PerMessage"),
    /** The floor writing once per read (every reply the read called for, gathered); opt-in. */
    FLOOR_BATCHED("floor-batched", "floor", "dev.wharf.bench.server.FloorServer$Batched"),
    /**
     * The floor's frames on Tomcat's servlet upgrade ({@code FloorHostServlet}), one write per read: what Tomcat's
     * own HTTP handling and upgraded I/O cost with no WebSocket container above them; opt-in.
     */
    FLOOR_TOMCAT("floor-tomcat", "tomcat", "dev.wharf.bench.server.TomcatServers$Floor"),
    /** The same on Undertow's servlet upgrade (replies copied to exact-size arrays, see {@code FloorUpgrade}). */
    FLOOR_UNDERTOW("floor-undertow", "undertow", "dev.wharf.bench.server.UndertowServers$Floor"),
    /**
     * The floor's frames on Jetty 12.1's host deployed as {@link #WHARF_JETTY} is, handed over after the 101 as
     * Wharf's Jetty transport is ({@code FloorJettyServlet}; Jetty's servlet upgrade loses handshakes): opt-in.
     */
    FLOOR_JETTY("floor-jetty", "jetty", "dev.wharf.bench.server.FloorJettyServlet$Server");

    private final String label;
    private final String classPath;
    private final String launcher;

    Contender(String label, String classPath, String launcher) {
        this.label = label;
        this.classPath = classPath;
        this.launcher = launcher;
    }

    public String label() {
        return label;
    }

    /** The class path family: {@code target/classpath/<family>.txt}. */
    public String classPathFamily() {
        return classPath;
    }

    public String launcherClass() {
        return launcher;
    }

    public boolean isWharf() {
        return classPath.equals("wharf");
    }

    /** A measuring stick, not a container: never the "best other" a Wharf contender is compared with. */
    public boolean isYardstick() {
        return label.startsWith("floor");
    }

    public static Optional<Contender> byLabel(String label) {
        for (Contender c : values()) {
            if (c.label.equals(label)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The default contenders: every one but the opt-in {@link #WHARF_TOMCAT_SERVLET}, {@link #WHARF_JETTY_NO_METRICS}
     * and the yardsticks (which serve only {@code /echo}).
     */
    public static List<Contender> all() {
        return java.util.Arrays.stream(values())
                .filter(c -> c != WHARF_TOMCAT_SERVLET && c != WHARF_JETTY_NO_METRICS && !c.isYardstick()).toList();
    }
}
