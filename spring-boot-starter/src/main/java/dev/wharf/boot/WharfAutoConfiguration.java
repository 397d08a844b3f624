package dev.wharf.boot;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Makes Wharf the WebSocket container of a servlet-based Spring Boot application: installs Wharf on the embedded
 * server's servlet context, after refusing to start if the server's own WebSocket implementation is on the class path
 * too. {@code @ServerEndpoint} beans are deployed by the application's own {@code ServerEndpointExporter}; Spring's
 * {@code WebSocketHandler}s and STOMP reach Wharf through {@code ServerContainer.upgradeHttpToWebSocket}, the upgrade
 * strategy Spring uses when no server-specific WebSocket classes are present. With Micrometer on the class path,
 * Wharf's meters go to the application's registries ({@link WharfMetricsConfiguration}). {@code wharf.enabled=false}
 * turns it all off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "wharf.enabled", havingValue = "true", matchIfMissing = true)
@Import(WharfMetricsConfiguration.class)
public class WharfAutoConfiguration {

    /**
     * Wharf's initializer for the embedded server. Static: Boot creates initializers while the web server starts,
     * before the rest of the context, so it must not wait for this configuration class.
     *
     * @throws IllegalStateException (a {@link SecondWebSocketException}) naming the exclusions to add when the
     *     embedded server's own WebSocket implementation is on the class path
     */
    @Bean
    static ServletContextInitializer wharfServletContextInitializer() {
        List<OtherWebSocket.Found> others = OtherWebSocket.on(WharfAutoConfiguration.class.getClassLoader());
        if (!others.isEmpty()) {
            throw new SecondWebSocketException(others);
        }
        return new WharfServletContextInitializer();
    }
}
