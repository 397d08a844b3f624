package dev.wharf.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Java 21's virtual threads, reached from code compiled for Java 17: {@code Thread.ofVirtual().name(prefix, 1)
 * .factory()}, looked up once through method handles. Absent before Java 21.
 */
final class VirtualThreads {

    /** {@code Thread.ofVirtual()}, or null on a JVM without virtual threads. */
    private static final MethodHandle OF_VIRTUAL;
    /** {@code Thread.Builder.name(String, long)}. */
    private static final MethodHandle NAME;
    /** {@code Thread.Builder.factory()}. */
    private static final MethodHandle FACTORY;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle factory = null;
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
            factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
        } catch (ReflectiveOperationException | LinkageError beforeJava21) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        FACTORY = factory;
    }

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads (Java 21 and later; on 19 and 20 they were a preview). */
    static boolean exist() {
        return OF_VIRTUAL != null && Runtime.version().feature() >= 21;
    }

    /**
     * A factory of virtual threads named {@code prefix1}, {@code prefix2}…
     *
     * @throws UnsupportedOperationException on a JVM without virtual threads
     */
    static ThreadFactory factory(String prefix) {
        if (!exist()) {
            throw new UnsupportedOperationException("virtual threads need Java 21 or later");
        }
        try {
            Object builder = OF_VIRTUAL.invoke();
            builder = NAME.invoke(builder, prefix, 1L);
            return (ThreadFactory) FACTORY.invoke(builder);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build a virtual thread factory", e);
        }
    }
}
