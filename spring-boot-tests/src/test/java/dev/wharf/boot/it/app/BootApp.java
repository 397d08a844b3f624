package dev.wharf.boot.it.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The application every Boot test starts: what a user writes, nothing Wharf-specific. The exporter is the one Spring's
 * reference documentation tells users to declare for {@code @ServerEndpoint} beans.
 */
@SpringBootApplication
public class BootApp {

    @Bean
    ServerEndpointExporter serverEndpointExporter() {
        return new ServerEndpointExporter();
    }

    /** Spring's documented way to configure the container: it calls the {@code ServerContainer}'s setters. */
    @Bean
    ServletServerContainerFactoryBean serverContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxSessionIdleTimeout(123_456L);
        return container;
    }
}
