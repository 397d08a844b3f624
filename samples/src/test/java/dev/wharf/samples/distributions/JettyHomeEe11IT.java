package dev.wharf.samples.distributions;

import org.junit.jupiter.api.DisplayName;

/** jetty-home 12.1 with {@code http,ee11-deploy,ee11-annotations}: Servlet 6.1, the WAR's WebSocket 2.2 API. */
@DisplayName("jetty-home 12.1, ee11, samples WAR")
class JettyHomeEe11IT extends JettyHomeTest {

    @Override
    String environment() {
        return "ee11";
    }
}
