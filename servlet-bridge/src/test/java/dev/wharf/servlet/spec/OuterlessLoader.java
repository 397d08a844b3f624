package dev.wharf.servlet.spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Defines some nested classes of {@link NestedClassOwner} itself, from the parent's class files, and either cannot
 * load the outer class at all or leaves it to the parent. Asking such a class for its enclosing class then fails:
 * {@link NoClassDefFoundError} when the outer class is missing (a WAR without it on a real server), or
 * {@link IncompatibleClassChangeError} when the parent's outer class does not list this loader's nested class (the
 * TCK on an embedded container, where the test class is on the class path).
 */
final class OuterlessLoader extends ClassLoader {

    private final Set<String> own;
    private final boolean outerMissing;

    private OuterlessLoader(Set<String> own, boolean outerMissing) {
        super(OuterlessLoader.class.getClassLoader());
        this.own = own;
        this.outerMissing = outerMissing;
    }

    /** A loader of {@code nested} (binary names) to which {@link NestedClassOwner} does not exist. */
    static OuterlessLoader withoutOuter(String... nested) {
        return new OuterlessLoader(Set.of(nested), true);
    }

    /** A loader of {@code nested} whose {@link NestedClassOwner} is the parent's. */
    static OuterlessLoader withForeignOuter(String... nested) {
        return new OuterlessLoader(Set.of(nested), false);
    }

    Class<?> load(Class<?> nested) throws ClassNotFoundException {
        return loadClass(nested.getName());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (outerMissing && name.equals(NestedClassOwner.class.getName())) {
                throw new ClassNotFoundException(name + " is not in this archive");
            }
            if (!own.contains(name)) {
                return super.loadClass(name, resolve);
            }
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
