package dev.wharf.samples.programmatic;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * A programmatic endpoint, deployed at {@code /reverse} by {@link SamplesApplication}: replies to each text message
 * with the text reversed (by code point, so surrogate pairs stay whole).
 */
public class ReverseEndpoint extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // The Class argument names the message type, which erasure hides in a lambda.
        session.addMessageHandler(String.class, text ->
                session.getAsyncRemote().sendText(new StringBuilder(text).reverse().toString()));
    }
}
