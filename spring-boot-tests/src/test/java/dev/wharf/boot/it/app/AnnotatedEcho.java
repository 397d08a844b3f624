package dev.wharf.boot.it.app;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.springframework.stereotype.Component;

/** A {@code @ServerEndpoint} bean, deployed by the {@code ServerEndpointExporter}: returns what it gets. */
@Component
@ServerEndpoint("/annotated-echo")
public class AnnotatedEcho {

    @OnMessage
    public String echo(String text) {
        return text;
    }
}
