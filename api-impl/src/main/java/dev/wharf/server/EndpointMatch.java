package dev.wharf.server;

import java.util.Map;

/** A request path matched to a deployed endpoint (spec 3.1.1), with the decoded values of its path variables. */
public record EndpointMatch(DeployedEndpoint endpoint, Map<String, String> pathParameters) {
}
