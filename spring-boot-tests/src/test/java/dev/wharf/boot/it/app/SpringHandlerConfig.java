package dev.wharf.boot.it.app;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Spring's own WebSocket API, with the default handshake handler: Spring picks the upgrade strategy. */
@Configuration
@EnableWebSocket
class SpringHandlerConfig implements WebSocketConfigurer {

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new SpringEchoHandler(), "/spring-echo");
    }
}
