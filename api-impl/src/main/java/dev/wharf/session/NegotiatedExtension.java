package dev.wharf.session;

import dev.wharf.handshake.ExtensionSpec;
import jakarta.websocket.Extension;
import java.util.ArrayList;
import java.util.List;

/**
 * An extension as the Jakarta API describes it: a name and its parameters, from or for a handshake header. Shared by
 * the server container and the client (wharf-client), which both turn handshake headers into Jakarta extensions.
 */
public record NegotiatedExtension(String getName, List<Extension.Parameter> getParameters) implements Extension {

    /** One {@code name[=value]} parameter. */
    public record Parameter(String getName, String getValue) implements Extension.Parameter {
    }

    public NegotiatedExtension {
        getParameters = List.copyOf(getParameters);
    }

    /** The Jakarta view of extensions parsed from, or agreed for, a handshake header. */
    public static List<Extension> fromSpecs(List<ExtensionSpec> specs) {
        List<Extension> list = new ArrayList<>(specs.size());
        for (ExtensionSpec s : specs) {
            List<Extension.Parameter> params = new ArrayList<>(s.parameters().size());
            for (ExtensionSpec.Parameter p : s.parameters()) {
                params.add(new Parameter(p.name(), p.value()));
            }
            list.add(new NegotiatedExtension(s.name(), params));
        }
        return List.copyOf(list);
    }

    /** Jakarta extensions (from a configurator or a client configuration) as handshake header elements. */
    public static List<ExtensionSpec> toSpecs(List<Extension> extensions) {
        if (extensions.isEmpty()) {
            return List.of(); // most handshakes: no copy to make
        }
        List<ExtensionSpec> list = new ArrayList<>(extensions.size());
        for (Extension e : extensions) {
            List<ExtensionSpec.Parameter> params = new ArrayList<>(e.getParameters().size());
            for (Extension.Parameter p : e.getParameters()) {
                params.add(new ExtensionSpec.Parameter(p.getName(), p.getValue()));
            }
            list.add(new ExtensionSpec(e.getName(), params));
        }
        return List.copyOf(list);
    }
}
