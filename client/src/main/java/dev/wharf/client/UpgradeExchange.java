package dev.wharf.client;

import dev.wharf.handshake.ClientHandshake;
import dev.wharf.handshake.DeflateNegotiation;
import dev.wharf.handshake.ExtensionSpec;
import dev.wharf.handshake.HandshakeFailure;
import dev.wharf.handshake.AcceptedUpgrade;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpUpgrader;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP/1.1 upgrade request through jetty-client and its outcome: either the 101 was valid and the end point now
 * carries a {@link ClientConnection}, or the server answered something else (a redirect, a challenge, an error),
 * which the caller may act on.
 *
 * <p>jetty-client does connection set-up, proxies and TLS; after a 101 it calls our {@link HttpUpgrader} with the
 * raw end point, where the RFC 6455 §4.1 checks run before the connection is swapped.
 */
final class UpgradeExchange implements HttpUpgrader.Factory, HttpUpgrader {

    /**
     * What the server answered. {@code connection} is set only for a valid 101; {@code deflate} then holds the
     * permessage-deflate agreement, or null when the server did not accept it.
     */
    record Outcome(int status, String reason, Map<String, List<String>> headers, AcceptedUpgrade negotiated,
                   DeflateNegotiation.Agreement deflate, ClientConnection connection) {
        boolean upgraded() {
            return connection != null;
        }
    }

    private final HttpClient client;
    private final URI httpUri;
    private final Map<String, List<String>> requestHeaders;
    private final String key;
    private final List<String> offeredSubprotocols;
    private final List<ExtensionSpec> offeredExtensions;
    private final boolean secure;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    UpgradeExchange(HttpClient client, URI httpUri, Map<String, List<String>> requestHeaders, String key,
                    List<String> offeredSubprotocols, List<ExtensionSpec> offeredExtensions) {
        this.client = client;
        this.httpUri = httpUri;
        this.requestHeaders = requestHeaders;
        this.key = key;
        this.offeredSubprotocols = offeredSubprotocols;
        this.offeredExtensions = offeredExtensions;
        this.secure = "https".equals(httpUri.getScheme());
    }

    /** Sends the request; the future completes with the answer, or exceptionally on network failure or timeout. */
    CompletableFuture<Outcome> send(long timeoutMs) {
        Request request = client.newRequest(httpUri)
                .method(HttpMethod.GET)
                .version(HttpVersion.HTTP_1_1)
                .followRedirects(false) // the container follows them itself, ws:// and wss:// included
                .attribute(HttpUpgrader.Factory.class.getName(), this)
                .headers(h -> requestHeaders.forEach((name, values) -> {
                    h.remove(name);
                    for (String value : values) {
                        h.add(name, value);
                    }
                }));
        if (timeoutMs > 0) {
            request.timeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        request.send(result -> {
            if (outcome.isDone()) {
                return;
            }
            Response response = result.getResponse();
            if (result.isSucceeded() || (response != null && response.getStatus() != 101
                    && result.getResponseFailure() == null)) {
                // A non-101 answer, complete: hand it over as is.
                outcome.complete(new Outcome(response.getStatus(), reasonOf(response), headerMap(response.getHeaders()),
                        null, null, null));
            } else {
                Throwable failure = result.getFailure();
                outcome.completeExceptionally(failure);
            }
        });
        return outcome;
    }

    // ---- HttpUpgrader ----------------------------------------------------------------------------------------

    @Override
    public HttpUpgrader newHttpUpgrader(HttpVersion version) {
        return this;
    }

    @Override
    public void prepare(Request request) {
        // The WebSocket header fields were set on the request already.
    }

    @Override
    public void upgrade(Response response, EndPoint endPoint, Callback callback) {
        Map<String, List<String>> headers = headerMap(response.getHeaders());
        AcceptedUpgrade negotiated;
        DeflateNegotiation.Agreement deflate;
        try {
            negotiated = ClientHandshake.validateResponse(response.getStatus(),
                    name -> response.getHeaders().getValuesList(name), key, offeredSubprotocols, offeredExtensions);
            deflate = deflateAgreement(negotiated.extensions());
        } catch (HandshakeFailure failure) {
            outcome.completeExceptionally(new UpgradeException(failure.status(), reasonOf(response),
                    "invalid handshake response: " + failure.reason(), headers));
            callback.failed(failure);
            return;
        }
        ClientConnection connection = new ClientConnection(endPoint, client.getExecutor(), client.getByteBufferPool(),
                secure);
        try {
            endPoint.upgrade(connection);
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
            callback.failed(e);
            return;
        }
        outcome.complete(new Outcome(101, reasonOf(response), headers, negotiated, deflate, connection));
        callback.succeeded();
    }

    /**
     * RFC 7692 §7.1: the server's permessage-deflate element must be a valid answer to one of the offers that went
     * out (after the configurator's {@code beforeRequest}), else the connection fails. Null when it was not accepted.
     */
    private DeflateNegotiation.Agreement deflateAgreement(List<ExtensionSpec> accepted) throws HandshakeFailure {
        List<ExtensionSpec> response = accepted.stream().filter(e -> e.name().equals(DeflateNegotiation.NAME)).toList();
        if (response.isEmpty()) {
            return null;
        }
        IllegalArgumentException first = null;
        for (ExtensionSpec offer : offeredExtensions) {
            if (!offer.name().equals(DeflateNegotiation.NAME)) {
                continue;
            }
            try {
                Optional<DeflateNegotiation.Agreement> agreement = DeflateNegotiation.acceptResponse(offer, response);
                if (agreement.isPresent()) {
                    return agreement.get();
                }
            } catch (IllegalArgumentException e) {
                first = first == null ? e : first;
            }
        }
        throw new HandshakeFailure(101, first == null ? DeflateNegotiation.NAME + " was not offered"
                : first.getMessage());
    }

    private static String reasonOf(Response response) {
        String reason = response.getReason();
        return reason == null ? "" : reason;
    }

    /** The header fields as a case-insensitive map of name to values in order. */
    static Map<String, List<String>> headerMap(HttpFields fields) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : fields) {
            map.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
        }
        return map;
    }

    /** A copy with insertion order, for the configurator's {@code beforeRequest}. */
    static Map<String, List<String>> mutableCopy(Map<String, String> headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach((name, value) -> map.put(name, new ArrayList<>(List.of(value))));
        return map;
    }
}
