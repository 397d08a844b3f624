package dev.wharf.endpoint;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the class a generic interface is parameterized with somewhere in a class hierarchy, e.g. the {@code T} of
 * {@code MessageHandler.Whole<T>} or {@code Decoder.Text<T>}. Type variables are followed through superclasses and
 * superinterfaces ({@code class A<X> implements Whole<X>}, {@code class B extends A<String>} gives {@code String}).
 * Answers {@code null} when erasure lost the information (lambdas, raw types, unbound variables).
 */
final class TypeResolver {

    private TypeResolver() {
    }

    /** The raw class of {@code generic}'s first type argument as seen from {@code concrete}, or null. */
    static Class<?> typeArgument(Class<?> concrete, Class<?> generic) {
        return rawClass(find(concrete, generic, Map.of()));
    }

    private static Type find(Type type, Class<?> generic, Map<TypeVariable<?>, Type> outer) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> env = Map.of();
        if (type instanceof Class<?> c) {
            raw = c; // raw use: its own type variables stay unbound
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
            TypeVariable<?>[] vars = c.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            Map<TypeVariable<?>, Type> bound = new HashMap<>();
            for (int i = 0; i < vars.length && i < args.length; i++) {
                bound.put(vars[i], substitute(args[i], outer));
            }
            env = bound;
        } else {
            return null;
        }
        if (raw == generic) {
            TypeVariable<?>[] vars = generic.getTypeParameters();
            return vars.length == 0 ? null : env.get(vars[0]);
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type found = find(parent, generic, env);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : find(superclass, generic, env);
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> env) {
        if (type instanceof TypeVariable<?> v && env.containsKey(v)) {
            return env.get(v);
        }
        return type;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof GenericArrayType a) {
            Class<?> component = rawClass(a.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null; // a type variable nobody bound, or a wildcard
    }
}
