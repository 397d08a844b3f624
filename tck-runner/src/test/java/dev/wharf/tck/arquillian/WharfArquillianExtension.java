package dev.wharf.tck.arquillian;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link WharfContainer} with Arquillian (service file in {@code META-INF/services}); {@code arquillian.xml}
 * has one {@code <container>} per host, Tomcat the default, {@code -Darquillian.launch=wharf-jetty} for Jetty.
 */
public class WharfArquillianExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, WharfContainer.class);
    }
}
