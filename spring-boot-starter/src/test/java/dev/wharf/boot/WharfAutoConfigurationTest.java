package dev.wharf.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletContextInitializer;

class WharfAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WharfAutoConfiguration.class));

    @Test
    @DisplayName("a servlet web application gets Wharf's initializer")
    void servletApplicationGetsTheInitializer() {
        web.run(context -> assertThat(context).getBean(ServletContextInitializer.class)
                .isInstanceOf(WharfServletContextInitializer.class));
    }

    @Test
    @DisplayName("wharf.enabled=false leaves the application alone")
    void canBeTurnedOff() {
        web.withPropertyValues("wharf.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ServletContextInitializer.class));
    }

    @Test
    @DisplayName("an application that is not a servlet web application is left alone")
    void nonWebApplicationIsLeftAlone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WharfAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ServletContextInitializer.class));
    }
}
