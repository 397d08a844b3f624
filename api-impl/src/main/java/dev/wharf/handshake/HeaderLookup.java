package dev.wharf.handshake;

import java.util.List;

/**
 * Read access to the header fields of an HTTP request or response, supplied by the caller (servlet request, client
 * transport, test map).
 */
@FunctionalInterface
public interface HeaderLookup {

    /**
     * Every header line with this name, matched ignoring ASCII case, in the order received; an empty list, never
     * null, when there is none. Values are as received: a line may itself hold a comma-separated list.
     */
    List<String> values(String name);
}
