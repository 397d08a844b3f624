package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An archive that holds nested classes without their outer class (the official TCK's WARs do, issue #14 group A):
 * the application starts, a static nested endpoint serves, and a nested class that cannot be an endpoint is
 * skipped instead of failing the whole application with a {@link LinkageError} from the scan.
 */
@DisplayName("Nested endpoint classes whose outer class cannot be loaded [WSC-5.2.1-3, WSC-6.2]")
class NestedWithoutOuterSpecTest extends SpecHostedTest {

    private final Set<Class<?>> scanned = loadOuterless();

    /** What the container's scan hands over: the nested classes, each from a loader without a usable outer class. */
    private static Set<Class<?>> loadOuterless() {
        String missing = NestedClassOwner.MissingOuter.class.getName();
        String programmatic = NestedClassOwner.Programmatic.class.getName();
        String inner = NestedClassOwner.Inner.class.getName();
        OuterlessLoader withoutOuter = OuterlessLoader.withoutOuter(missing, programmatic, inner);
        OuterlessLoader foreignOuter = OuterlessLoader.withForeignOuter(NestedClassOwner.ForeignOuter.class.getName());
        try {
            return Set.of(withoutOuter.load(NestedClassOwner.MissingOuter.class),
                    withoutOuter.load(NestedClassOwner.Programmatic.class),
                    withoutOuter.load(NestedClassOwner.Inner.class),
                    foreignOuter.load(NestedClassOwner.ForeignOuter.class));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), scanned).build();
    }

    @Test
    @DisplayName("the fixture reproduces the failures: NoClassDefFoundError and IncompatibleClassChangeError")
    void fixtureFailsLikeTheTck() {
        Class<?> missing = byName(NestedClassOwner.MissingOuter.class);
        Class<?> foreign = byName(NestedClassOwner.ForeignOuter.class);
        assertThrows(NoClassDefFoundError.class, missing::getEnclosingClass);
        assertThrows(IncompatibleClassChangeError.class, foreign::getEnclosingClass);
    }

    @OnHosts
    @DisplayName("static nested endpoints without a loadable outer class are deployed and serve")
    void staticNestedEndpointsServe(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/alone/missing-outer"))) {
            assertEquals("missing-outer hi", ws.ask("hi"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/alone/foreign-outer"))) {
            assertEquals("foreign-outer hi", ws.ask("hi"));
        }
    }

    @OnHosts
    @DisplayName("a non-static inner class with no loadable outer class is skipped: 404, the application runs")
    void innerClassSkipped(Host host) throws Exception {
        assertEquals(404, RawHandshake.to(host.wsUri("/alone/inner")).send().status());
    }

    private Class<?> byName(Class<?> original) {
        return scanned.stream().filter(c -> c.getName().equals(original.getName())).findFirst().orElseThrow();
    }
}
