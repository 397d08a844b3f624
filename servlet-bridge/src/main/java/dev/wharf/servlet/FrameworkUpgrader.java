package dev.wharf.servlet;

import dev.wharf.server.EndpointMatch;
import dev.wharf.server.WharfServerContainer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import java.io.IOException;

/** {@code ServerContainer.upgradeHttpToWebSocket} for frameworks that route requests themselves. */
final class FrameworkUpgrader implements WharfServerContainer.HttpUpgrader {

    private final UpgradeFilter filter;

    FrameworkUpgrader(UpgradeFilter filter) {
        this.filter = filter;
    }

    @Override
    public void upgrade(Object request, Object response, EndpointMatch match) throws IOException, DeploymentException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            throw new IllegalArgumentException("upgradeHttpToWebSocket needs an HttpServletRequest and an"
                    + " HttpServletResponse, not " + type(request) + " and " + type(response));
        }
        filter.upgrade(req, resp, match);
    }

    private static String type(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
