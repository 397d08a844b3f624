package dev.wharf.server;

import jakarta.websocket.Extension;
import java.util.List;

/** An extension as the Jakarta API describes it: a name and its parameters, from or for a handshake header. */
public record NegotiatedExtension(String getName, List<Extension.Parameter> getParameters) implements Extension {

    /** One {@code name[=value]} parameter. */
    public record Parameter(String getName, String getValue) implements Extension.Parameter {
    }

    public NegotiatedExtension {
        getParameters = List.copyOf(getParameters);
    }
}
