package dev.wharf.endpoint;

import jakarta.websocket.DeploymentException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Collects every deployment problem of one endpoint class so they are reported together (spec 5.2.1). */
final class Problems {

    private final Class<?> endpointClass;
    private final List<String> lines = new ArrayList<>();

    Problems(Class<?> endpointClass) {
        this.endpointClass = endpointClass;
    }

    void add(String problem) {
        lines.add(endpointClass.getName() + ": " + problem);
    }

    void add(Method method, String problem) {
        lines.add(describe(method) + ": " + problem);
    }

    int size() {
        return lines.size();
    }

    void throwIfAny() throws DeploymentException {
        if (!lines.isEmpty()) {
            throw new DeploymentException("Cannot deploy " + endpointClass.getName() + " (" + lines.size()
                    + (lines.size() == 1 ? " problem" : " problems") + "):\n  " + String.join("\n  ", lines));
        }
    }

    /** {@code dev.x.Chat.onText(String, int)}: declaring class, name, simple parameter types. */
    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")";
    }
}
