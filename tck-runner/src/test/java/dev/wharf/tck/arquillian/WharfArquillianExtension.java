package dev.wharf.tck.arquillian;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link WharfTomcatContainer} with Arquillian (service file in {@code META-INF/services}). */
public class WharfArquillianExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, WharfTomcatContainer.class);
    }
}
