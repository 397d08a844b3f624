package dev.wharf.tck.arquillian;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Directories;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * The one Arquillian container Wharf registers (Arquillian accepts a single {@code DeployableContainer} service):
 * Wharf on the shared embedded test host ({@code dev.wharf.servlet.hosts}, module {@code test-fixtures}) named by
 * the configuration's {@code host}, Tomcat 11 or Jetty 12.1 ee11, in the test JVM.
 *
 * <p>Deployment as the official TCK expects it: each archive is exploded ({@link WarFiles#explode}) and deployed
 * as a web archive ({@link WebApp.Builder#archive}) at the archive name without {@code .war}, with
 * {@link WharfInitializer} as the server's built-in initializer, handed the archive's endpoint classes only (the
 * TCK's classes are on the test class path too). An application that fails to start (the TCK's {@code negdep}
 * tests: an invalid endpoint) still deploys normally: the host has taken it off, so its paths answer 404 to the
 * test's client.
 */
public class WharfContainer implements DeployableContainer<WharfContainerConfiguration> {

    private static final System.Logger LOG = System.getLogger(WharfContainer.class.getName());

    private WharfContainerConfiguration configuration;
    private Host host;
    private Path archives;

    @Override
    public Class<WharfContainerConfiguration> getConfigurationClass() {
        return WharfContainerConfiguration.class;
    }

    @Override
    public void setup(WharfContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Tests deploy with testable = false and run as clients in this JVM: nothing is injected into the archive.
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        try {
            archives = Files.createTempDirectory("wharf-arquillian");
            host = Host.named(configuration.getHost())
                    .listen(configuration.getBindAddress(), configuration.getBindHttpPort());
        } catch (Exception e) {
            throw new LifecycleException("embedded " + configuration.getHost() + " did not start", e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            if (host != null) {
                host.stop();
            }
            Directories.deleteRecursively(archives);
        } catch (Exception e) {
            throw new LifecycleException("embedded " + configuration.getHost() + " did not stop", e);
        } finally {
            host = null;
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextPath = WarFiles.contextPath(archive);
        Path war = archives.resolve(archive.getName());
        try {
            Files.createDirectories(war);
            WarFiles.explode(archive, war);
        } catch (IOException e) {
            throw new DeploymentException("cannot unpack " + archive.getName(), e);
        }
        try {
            host.deploy(WebApp.at(contextPath).archive(war).initializer(new WharfInitializer()).build());
        } catch (Exception e) {
            // Expected by the TCK's negative-deployment tests: the deployment "succeeds", the application is absent.
            LOG.log(Level.INFO, "deployment of " + archive.getName() + " failed to start (expected by negative tests);"
                    + " its paths answer 404", e);
        }
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), host.port());
        http.add(new Servlet("default", contextPath));
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        try {
            host.undeploy(WarFiles.contextPath(archive));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "undeploying " + archive.getName(), e);
        }
        try {
            Directories.deleteRecursively(archives.resolve(archive.getName()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cleaning up " + archive.getName(), e);
        }
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("only web archives are deployed");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("only web archives are deployed");
    }
}
