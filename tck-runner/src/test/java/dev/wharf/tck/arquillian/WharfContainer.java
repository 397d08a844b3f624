package dev.wharf.tck.arquillian;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * The one Arquillian container Wharf registers (Arquillian accepts a single {@code DeployableContainer} service):
 * Wharf on the embedded host named by the configuration's {@code host}, {@link WharfTomcatContainer} or
 * {@link WharfJettyContainer}.
 */
public class WharfContainer implements DeployableContainer<WharfContainerConfiguration> {

    private DeployableContainer<WharfContainerConfiguration> host;

    @Override
    public Class<WharfContainerConfiguration> getConfigurationClass() {
        return WharfContainerConfiguration.class;
    }

    @Override
    public void setup(WharfContainerConfiguration configuration) {
        host = switch (configuration.getHost()) {
            case "tomcat" -> new WharfTomcatContainer();
            case "jetty" -> new WharfJettyContainer();
            default -> throw new IllegalArgumentException("unknown host " + configuration.getHost());
        };
        host.setup(configuration);
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        host.start();
    }

    @Override
    public void stop() throws LifecycleException {
        host.stop();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        return host.deploy(archive);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        host.undeploy(archive);
    }

    @Override
    public void deploy(Descriptor descriptor) throws DeploymentException {
        host.deploy(descriptor);
    }

    @Override
    public void undeploy(Descriptor descriptor) throws DeploymentException {
        host.undeploy(descriptor);
    }
}
