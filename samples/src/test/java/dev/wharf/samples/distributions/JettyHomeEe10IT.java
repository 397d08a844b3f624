package dev.wharf.samples.distributions;

import org.junit.jupiter.api.DisplayName;

/** jetty-home 12.1 with {@code http,ee10-deploy,ee10-annotations}: Jakarta EE 10, Servlet 6.0. */
@DisplayName("jetty-home 12.1, ee10, samples WAR")
class JettyHomeEe10IT extends JettyHomeTest {

    @Override
    String environment() {
        return "ee10";
    }
}
