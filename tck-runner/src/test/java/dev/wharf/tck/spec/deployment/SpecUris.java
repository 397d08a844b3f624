package dev.wharf.tck.spec.deployment;

import java.net.URI;
import java.net.URL;

/** {@code ws://} addresses inside the deployed application whose base URL Arquillian injected. */
final class SpecUris {

    private SpecUris() {}

    static URI ws(URL base, String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
    }
}
