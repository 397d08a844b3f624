package dev.wharf.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.metrics.ContainerMeters;
import dev.wharf.metrics.WharfMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletContextInitializer;

class WharfMetricsConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WharfAutoConfiguration.class));

    @Test
    @DisplayName("with a MeterRegistry bean, Wharf's meters are bound to it, and leave it when the context closes")
    void bindsToTheApplicationsRegistry() {
        ContainerMeters container = new ContainerMeters(true, ContainerMeters.Sources.IDLE);
        container.endpoint("/echo").recordOpened();
        container.publish("/boot-metrics", "localhost");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try {
            web.withBean(MeterRegistry.class, () -> registry).run(context -> {
                assertThat(context).hasSingleBean(WharfMeterBinder.class);
                assertThat(registry.get("websocket.sessions.open").tag("context", "/boot-metrics")
                        .tag("endpoint", "/echo").gauge().value()).isEqualTo(1.0);
            });
            assertThat(registry.find("websocket.sessions.open").tag("context", "/boot-metrics").gauge()).isNull();
        } finally {
            container.unpublish();
        }
    }

    @Test
    @DisplayName("without Micrometer on the class path the application starts as before, without a binder")
    void withoutMicrometerNothingFails() {
        web.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(ServletContextInitializer.class);
            assertThat(context).doesNotHaveBean("wharfMeterBinder");
        });
    }
}
