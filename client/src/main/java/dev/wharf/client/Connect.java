package dev.wharf.client;

import dev.wharf.engine.Role;
import dev.wharf.handshake.ClientHandshake;
import dev.wharf.handshake.ExtensionSpec;
import dev.wharf.metrics.HandshakeMeters;
import dev.wharf.session.NegotiatedExtension;
import dev.wharf.session.SessionFactory;
import dev.wharf.session.SessionGroup;
import dev.wharf.session.SessionInfo;
import dev.wharf.session.SessionServices;
import dev.wharf.session.WebSocketSession;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritePendingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.HttpClient;

/**
 * One {@code connectToServer} call: the opening handshake with the configurator's hooks, following redirects and
 * answering an authentication challenge, then the session, returned once its {@code onOpen} has run.
 *
 * <p>Failures: a server that does not answer 101 (after what could be followed) gives an {@link UpgradeException}
 * (a {@link DeploymentException}) with the status and reason; network failures and timeouts give an
 * {@link IOException}.
 */
final class Connect {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final WharfClientContainer container;
    private final Endpoint endpoint;
    private final ClientEndpointConfig config;
    private final URI target;
    private final SessionGroup group;
    private final ClassLoader loader;

    Connect(WharfClientContainer container, Endpoint endpoint, ClientEndpointConfig config, URI target,
            SessionGroup group, ClassLoader loader) {
        this.container = container;
        this.endpoint = endpoint;
        this.config = config;
        this.target = target;
        this.group = group;
        this.loader = loader;
    }

    Session run() throws DeploymentException, IOException {
        long started = System.nanoTime();
        HandshakeMeters handshakes = container.services().meters().handshakes();
        URI uri = ClientUris.checkUri(target);
        String authorization = null;
        boolean authTried = false;
        boolean retriedEarlyEof = false;
        boolean retriedWriteRace = false;
        int redirects = 0;
        ClientEndpointConfig.Configurator configurator = config.getConfigurator();
        while (true) {
            // Handshake headers, then the configurator may add or change any of them [WSC-3.2.1].
            String key = ClientHandshake.newKey();
            Map<String, String> wsHeaders;
            try {
                wsHeaders = ClientHandshake.requestHeaders(key, config.getPreferredSubprotocols(), offers());
            } catch (IllegalArgumentException e) {
                throw new DeploymentException("invalid client configuration: " + e.getMessage(), e);
            }
            Map<String, List<String>> headers = UpgradeExchange.mutableCopy(wsHeaders);
            if (authorization != null) {
                headers.put("Authorization", new ArrayList<>(List.of(authorization)));
            }
            configurator.beforeRequest(headers);
            String sentKey = first(headers, "Sec-WebSocket-Key", key);
            List<String> offeredProtocols = ClientHandshake.offeredSubprotocols(all(headers, "Sec-WebSocket-Protocol"));
            List<ExtensionSpec> offeredExtensions = parseExtensions(all(headers, "Sec-WebSocket-Extensions"));

            URI httpUri = ClientUris.toHttp(uri);
            HttpClient client = client(httpUri);
            UpgradeExchange exchange = new UpgradeExchange(client, httpUri, headers, sentKey, offeredProtocols,
                    offeredExtensions);
            UpgradeExchange.Outcome outcome;
            try {
                outcome = await(exchange, httpUri);
            } catch (IOException e) {
                // A request may go out on a pooled connection the server has just closed: a follow-up after a 401
                // or a redirect, or the first request of a later connect after a non-101 answer that kept the
                // connection alive. jetty-client then sees the end of stream before any response. The handshake is
                // an idempotent GET: send it once more, on a fresh connection.
                if (!retriedEarlyEof && endedBeforeResponse(e)) {
                    retriedEarlyEof = true;
                    continue;
                }
                // jetty-client 12.1 race: through a CONNECT tunnel to a plain (ws://) origin, the GET can be written
                // while the CONNECT's write is still completing on the same end point (about 1 in 30 connects with
                // a fast proxy on loopback); it fails with WritePendingException before sending anything.
                if (!retriedWriteRace && find(e, WritePendingException.class) != null) {
                    retriedWriteRace = true;
                    continue;
                }
                throw e;
            }
            if (outcome.upgraded()) {
                // The client's handshake time: connection, TLS, redirects and authentication included.
                handshakes.recordAccepted(System.nanoTime() - started);
                afterResponse(configurator, outcome);
                return open(uri, outcome);
            }
            int status = outcome.status();
            List<String> location = outcome.headers().getOrDefault("Location", List.of());
            if (REDIRECTS.contains(status) && !location.isEmpty() && redirects < container.maxRedirects()) {
                redirects++;
                uri = ClientUris.redirect(uri, location.get(0));
                authorization = null;
                authTried = false;
                continue;
            }
            if (status == 401 && !authTried) {
                String[] credentials = credentials(uri);
                AuthChallenge challenge = AuthChallenge.pick(
                        outcome.headers().getOrDefault("WWW-Authenticate", List.of()));
                if (credentials != null && challenge != null) {
                    authorization = challenge.authorization(httpUri, credentials[0], credentials[1]);
                    authTried = true;
                    continue;
                }
            }
            handshakes.recordRefused(status);
            afterResponse(configurator, outcome);
            throw new UpgradeException(status, outcome.reason(), describe(status, redirects, location),
                    outcome.headers());
        }
    }

    /**
     * Exactly the configuration's extensions, in its order [WSC-3.2.2-1]: "the default client configuration must use
     * the developer provided list of extensions". A config built without extensions offers none; the container's
     * permessage-deflate offer is in the configurations it makes itself (see {@link WharfClientContainer}).
     */
    private List<ExtensionSpec> offers() {
        return NegotiatedExtension.toSpecs(config.getExtensions());
    }

    private static boolean endedBeforeResponse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof EOFException || c instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private String describe(int status, int redirects, List<String> location) {
        if (REDIRECTS.contains(status) && !location.isEmpty()) {
            return "redirect to " + location.get(0) + " not followed: limit of " + container.maxRedirects()
                    + " redirects reached";
        }
        if (status == 401) {
            return "the server requires authentication" + (redirects > 0 ? " (after " + redirects + " redirects)" : "");
        }
        return "the server did not upgrade " + target + " to WebSocket";
    }

    private static void afterResponse(ClientEndpointConfig.Configurator configurator,
                                      UpgradeExchange.Outcome outcome) {
        Map<String, List<String>> headers = Collections.unmodifiableMap(outcome.headers());
        configurator.afterResponse(() -> headers);
    }

    private UpgradeExchange.Outcome await(UpgradeExchange exchange, URI httpUri) throws IOException,
            DeploymentException {
        long timeout = container.handshakeTimeoutMs();
        long connect = container.connectTimeoutMs();
        try {
            var future = exchange.send(timeout);
            // jetty-client enforces both timeouts; this bound only guards against a lost completion.
            long bound = timeout > 0 && connect > 0 ? timeout + connect + 5_000 : Long.MAX_VALUE;
            return future.get(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + httpUri);
        } catch (TimeoutException e) {
            throw timeout(httpUri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UpgradeException u) {
                throw u;
            }
            if (cause instanceof TimeoutException) {
                throw timeout(httpUri, cause);
            }
            if (cause instanceof SocketTimeoutException s) {
                SocketTimeoutException out = new SocketTimeoutException("cannot connect to " + httpUri
                        + " within " + connect + " ms: " + s.getMessage());
                out.initCause(s);
                throw out;
            }
            org.eclipse.jetty.client.HttpResponseException http =
                    find(cause, org.eclipse.jetty.client.HttpResponseException.class);
            if (http != null && http.getResponse() != null) {
                // The proxy refused the tunnel (a 407 left unanswered, or answered with credentials it rejected).
                var response = http.getResponse();
                HttpClients.ProxyRoute proxy = proxyFor(httpUri);
                String via = proxy == null ? "the proxy" : "the proxy " + proxy.host() + ":" + proxy.port();
                String reason = response.getStatus() == 407
                        ? via + " requires authentication (setProxy with a user and password)"
                        : via + " refused to open a tunnel";
                throw new UpgradeException(response.getStatus(), response.getReason() == null ? "" : response.getReason(),
                        reason + " to " + target, UpgradeExchange.headerMap(response.getHeaders()));
            }
            javax.net.ssl.SSLHandshakeException tls = find(cause, javax.net.ssl.SSLHandshakeException.class);
            if (tls != null) {
                javax.net.ssl.SSLHandshakeException out = new javax.net.ssl.SSLHandshakeException("cannot connect to "
                        + target + ": TLS handshake failed (the server's certificate must be trusted by"
                        + " ClientEndpointConfig.getSSLContext(), else by the JVM, and name the host "
                        + httpUri.getHost() + "): " + tls.getMessage());
                out.initCause(cause);
                throw out;
            }
            throw new IOException("cannot connect to " + target + ": " + cause, cause);
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private SocketTimeoutException timeout(URI httpUri, Throwable cause) {
        SocketTimeoutException out = new SocketTimeoutException("no WebSocket handshake answer from " + httpUri
                + " within " + container.handshakeTimeoutMs() + " ms");
        out.initCause(cause);
        return out;
    }

    private HttpClient client(URI httpUri) throws IOException {
        SSLContext ssl = "https".equals(httpUri.getScheme()) ? config.getSSLContext() : null;
        try {
            return container.clients().client(ssl, proxyFor(httpUri));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the client transport: " + e, e);
        }
    }

    /** The explicit proxy, else the first HTTP proxy the JVM's selector names for the http(s) form of the URI. */
    private HttpClients.ProxyRoute proxyFor(URI httpUri) {
        HttpClients.ProxyRoute explicit = container.explicitProxy();
        if (explicit != null) {
            return explicit;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return null;
        }
        for (Proxy proxy : selector.select(httpUri)) {
            if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress address) {
                return new HttpClients.ProxyRoute(address.getHostString(), address.getPort(), null, null);
            }
        }
        return null;
    }

    private Session open(URI uri, UpgradeExchange.Outcome outcome) throws IOException {
        SessionServices services = container.services();
        ClientConnection connection = outcome.connection();
        String subprotocol = outcome.negotiated().subprotocol();
        List<Extension> extensions = NegotiatedExtension.fromSpecs(outcome.negotiated().extensions());
        Map<String, Object> properties = new ConcurrentHashMap<>();
        config.getUserProperties().forEach((k, v) -> {
            if (k != null && v != null) {
                properties.put(k, v);
            }
        });
        SessionInfo info = new SessionInfo(uri.toString(), uri.getRawQuery(), ClientUris.queryParameters(uri), Map.of(), null,
                subprotocol == null ? "" : subprotocol, extensions, connection.isSecure(), properties);
        WebSocketSession session = new SessionFactory(services).create(Role.CLIENT, group, endpoint, config, info,
                outcome.deflate(), connection, loader);
        connection.bind(session);
        session.open();
        // [WSC-6.1] examples send right after connectToServer returns: wait until onOpen has run.
        long wait = container.handshakeTimeoutMs();
        try {
            if (wait > 0) {
                connection.opened().get(wait, TimeUnit.MILLISECONDS);
            } else {
                connection.opened().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for onOpen");
        } catch (ExecutionException | TimeoutException e) {
            // onOpen is slow: the session is usable anyway; return it.
        }
        return session;
    }

    // ---- URIs ------------------------------------------------------------------------------------------------

    private String[] credentials(URI uri) {
        Object user = config.getUserProperties().get(WharfClientContainer.AUTH_USER);
        Object password = config.getUserProperties().get(WharfClientContainer.AUTH_PASSWORD);
        if (user != null) {
            return new String[] {user.toString(), password == null ? "" : password.toString()};
        }
        String info = uri.getUserInfo() != null ? uri.getUserInfo() : target.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            return colon < 0 ? new String[] {info, ""} : new String[] {info.substring(0, colon),
                    info.substring(colon + 1)};
        }
        return null;
    }

    // ---- headers ---------------------------------------------------------------------------------------------

    private static List<String> all(Map<String, List<String>> headers, String name) {
        List<String> out = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (k.equalsIgnoreCase(name) && v != null) {
                out.addAll(v);
            }
        });
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name, String fallback) {
        List<String> values = all(headers, name);
        return values.isEmpty() ? fallback : values.get(0).strip();
    }

    private static List<ExtensionSpec> parseExtensions(List<String> lines) throws DeploymentException {
        try {
            return ExtensionSpec.parseHeader(lines);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException("invalid Sec-WebSocket-Extensions after beforeRequest: " + e.getMessage());
        }
    }


}
