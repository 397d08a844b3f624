package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.hosts.Host;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("opening handshake")
class HandshakeTest extends HostedTest {

    private static RawWebSocket.Response respond(RawWebSocket.Request request) throws Exception {
        try (RawWebSocket ws = request.open()) {
            return ws.handshake();
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §4.2.2] a 101 carries Upgrade, Connection and the right Sec-WebSocket-Accept, each once")
    void successfulHandshakeHeadersAppearOnce(Host host) throws Exception {
        RawWebSocket.Request request = RawWebSocket.request(host.wsUri("/echo"));
        RawWebSocket.Response response = respond(request);
        assertEquals(101, response.status());
        for (String name : List.of("Upgrade", "Connection", "Sec-WebSocket-Accept")) {
            assertEquals(1, response.values(name).size(), name + " in " + response.headers());
        }
        assertEquals("websocket", response.value("Upgrade").toLowerCase());
        assertEquals("upgrade", response.value("Connection").toLowerCase());
        assertEquals(RawWebSocket.acceptFor(request.key()), response.value("Sec-WebSocket-Accept"));
    }

    @HostTest
    @DisplayName("[WSC 3.1.1, Design principle 5] an upgrade to a path no endpoint matches gets 404")
    void unknownPathIs404(Host host) throws Exception {
        assertEquals(404, respond(RawWebSocket.request(host.wsUri("/nowhere"))).status());
    }

    @HostTest
    @DisplayName("[RFC 6455 §4.2.1 item 5] a Sec-WebSocket-Key that is not 16 base64-encoded bytes gets 400")
    void badKeyIs400(Host host) throws Exception {
        RawWebSocket.Request request = RawWebSocket.request(host.wsUri("/echo")).header("Sec-WebSocket-Key", "abc");
        assertEquals(400, respond(request).status());
    }

    @HostTest
    @DisplayName("[RFC 6455 §4.2.2, §4.4] Sec-WebSocket-Version 8 gets 426 with Sec-WebSocket-Version: 13")
    void unsupportedVersionIs426(Host host) throws Exception {
        RawWebSocket.Response response =
                respond(RawWebSocket.request(host.wsUri("/echo")).header("Sec-WebSocket-Version", "8"));
        assertEquals(426, response.status());
        assertEquals(List.of("13"), response.values("Sec-WebSocket-Version"));
    }

    @HostTest
    @DisplayName("[Design: upgrade filter] a plain HTTP request still reaches the application's servlet")
    void plainRequestsPassThrough(Host host) throws Exception {
        HttpResponse<String> hello = JdkClient.HTTP.send(
                HttpRequest.newBuilder(host.httpUri("/hello")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("hello", hello.body());
    }

    @HostTest
    @DisplayName("[Design: upgrade filter] a plain GET on an endpoint's path is not upgraded: 4xx")
    void plainGetOnEndpointPathIsNotUpgraded(Host host) throws Exception {
        HttpResponse<String> plain = JdkClient.HTTP.send(
                HttpRequest.newBuilder(host.httpUri("/echo")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(plain.statusCode() >= 400 && plain.statusCode() < 500, "status " + plain.statusCode());
    }
}
