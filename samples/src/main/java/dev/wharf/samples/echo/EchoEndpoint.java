package dev.wharf.samples.echo;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** Sends every text and binary message back as it came: the smallest useful endpoint. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public String text(String message) {
        return message;
    }

    @OnMessage
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }
}
