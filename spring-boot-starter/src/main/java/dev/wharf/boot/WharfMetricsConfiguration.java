package dev.wharf.boot;

import dev.wharf.metrics.WharfMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wharf's meters in the application's Micrometer registries (docs/METRICS.md), when Micrometer is on the class path.
 * Actuator binds every {@code MeterBinder} bean to the registries it manages; registries it does not manage (a
 * {@code MeterRegistry} bean of the application's own, without Actuator) are bound here. Binding a registry twice
 * does nothing, so the two do not collide.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
class WharfMetricsConfiguration {

    /** Closed with the context: its meters leave the registries. */
    @Bean
    @ConditionalOnMissingBean
    WharfMeterBinder wharfMeterBinder() {
        return new WharfMeterBinder();
    }

    @Bean
    static SmartInitializingSingleton wharfMeterRegistries(ObjectProvider<WharfMeterBinder> binder,
                                                           ObjectProvider<MeterRegistry> registries) {
        return () -> binder.ifAvailable(b -> registries.orderedStream().forEach(b::bindTo));
    }
}
