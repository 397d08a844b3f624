package dev.wharf.boot.it.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

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
}
