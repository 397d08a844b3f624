package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** Which threads run endpoint callbacks: the setting, the choice {@code auto} makes per Java release, the wiring. */
class CallbackThreadsTest {

    @Test
    @DisplayName("auto takes virtual threads from Java 24 on (JEP 491: no pinning inside synchronized), platform before")
    void autoFollowsTheJavaRelease() {
        assertFalse(CallbackThreads.AUTO.choose(17, false).virtual());
        assertFalse(CallbackThreads.AUTO.choose(21, true).virtual(), "Java 21 pins carriers inside synchronized");
        assertFalse(CallbackThreads.AUTO.choose(23, true).virtual());
        assertTrue(CallbackThreads.AUTO.choose(24, true).virtual());
        assertTrue(CallbackThreads.AUTO.choose(25, true).virtual());
        assertFalse(CallbackThreads.AUTO.choose(25, false).virtual(), "a JVM without them (a restricted runtime)");
        assertTrue(CallbackThreads.AUTO.choose(21, true).why().contains("pins"),
                CallbackThreads.AUTO.choose(21, true).why());
    }

    @Test
    @DisplayName("platform is platform everywhere; virtual is virtual where the JVM has them and fails start-up where not")
    void explicitChoicesAreObeyedOrRefused() {
        assertFalse(CallbackThreads.PLATFORM.choose(25, true).virtual());
        assertTrue(CallbackThreads.VIRTUAL.choose(21, true).virtual());
        assertTrue(CallbackThreads.VIRTUAL.choose(21, true).why().contains("synchronized"),
                "the log line warns about pinning before Java 24");
        assertFalse(CallbackThreads.VIRTUAL.choose(25, true).why().contains("synchronized"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CallbackThreads.VIRTUAL.choose(17, false));
        assertTrue(refused.getMessage().contains("Java 21"), refused.getMessage());
    }

    @Test
    @DisplayName("the setting is auto, virtual or platform in any case; anything else names the parameter")
    void parsesTheSetting() {
        assertEquals(CallbackThreads.AUTO, CallbackThreads.parse(" Auto "));
        assertEquals(CallbackThreads.VIRTUAL, CallbackThreads.parse("VIRTUAL"));
        assertEquals(CallbackThreads.PLATFORM, CallbackThreads.parse("platform"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CallbackThreads.parse("green"));
        assertTrue(bad.getMessage().contains(CallbackThreads.PROPERTY) && bad.getMessage().contains("green"),
                bad.getMessage());
    }

    @Test
    @DisplayName("the JVM at hand: virtual threads exist exactly from Java 21 on")
    void detectsVirtualThreads() {
        assertEquals(Runtime.version().feature() >= 21, VirtualThreads.exist());
    }

    @Test
    @DisplayName("the container's callbacks run on the threads its setting chose on this JVM")
    void servicesRunCallbacksOnTheChosenThreads() throws Exception {
        for (CallbackThreads setting : CallbackThreads.values()) {
            if (setting == CallbackThreads.VIRTUAL && !VirtualThreads.exist()) {
                continue; // refused at start-up, below
            }
            ContainerDefaults defaults = new ContainerDefaults();
            defaults.callbackThreads(setting);
            SessionServices services = new SessionServices(null, defaults, "chosen", 2);
            try {
                boolean expected = setting.choose(Runtime.version().feature(), VirtualThreads.exist()).virtual();
                assertEquals(expected, services.virtualCallbackThreads(), setting.name());
                CompletableFuture<Boolean> virtual = new CompletableFuture<>();
                services.pool().execute(() -> virtual.complete(isVirtual(Thread.currentThread())));
                assertEquals(expected, virtual.get(5, TimeUnit.SECONDS), setting + ": the callback's thread");
            } finally {
                services.shutdown("test over", 5000);
            }
        }
    }

    @Test
    @DisplayName("virtual on a JVM without virtual threads fails the container's start")
    void virtualRefusedWithoutVirtualThreads() {
        if (VirtualThreads.exist()) {
            return; // nothing to refuse on this JVM; the choice itself is tested above for Java 17
        }
        ContainerDefaults defaults = new ContainerDefaults();
        defaults.callbackThreads(CallbackThreads.VIRTUAL);
        assertThrows(IllegalArgumentException.class, () -> new SessionServices(null, defaults, "refused", 2));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_24)
    @DisplayName("by default, from Java 24 on, callbacks run on virtual threads")
    void defaultIsVirtualFromJava24() {
        SessionServices services = new SessionServices(null, new ContainerDefaults(), "default", 2);
        try {
            assertTrue(services.virtualCallbackThreads());
        } finally {
            services.shutdown("test over", 5000);
        }
    }

    /** {@code Thread.isVirtual()}, which Java 17 does not have. */
    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (NoSuchMethodException java17) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
