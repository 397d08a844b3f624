package dev.wharf.tck.arquillian;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * An Arquillian container that deploys web archives to an embedded Tomcat 11 ({@code tomcat-embed-core} only, no
 * {@code tomcat-embed-websocket}) in the test JVM, where Wharf's {@code ServletContainerInitializer} (found on the
 * class path through its service file) serves the WebSocket endpoints.
 *
 * <p>Deployment as the official TCK expects it: the context path is the archive name without {@code .war};
 * class-path jar scanning is off, so {@code @HandlesTypes} sees only the classes inside the archive (the TCK's
 * classes are on the test class path too); and a deployment that fails to start (the TCK's {@code negdep} tests:
 * an invalid endpoint) still returns normally, leaving the failure to show as a 404 to the test's client.
 */
public class WharfTomcatContainer implements DeployableContainer<WharfContainerConfiguration> {

    private static final System.Logger LOG = System.getLogger(WharfTomcatContainer.class.getName());

    private WharfContainerConfiguration configuration;
    private Tomcat tomcat;
    private Path baseDir;

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
            baseDir = Files.createTempDirectory("wharf-arquillian-tomcat");
            tomcat = new Tomcat();
            tomcat.setSilent(true);
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setHostname(configuration.getBindAddress());
            tomcat.setPort(configuration.getBindHttpPort());
            tomcat.getConnector().setProperty("address", configuration.getBindAddress());
            tomcat.getHost().setAppBase(Files.createDirectories(baseDir.resolve("webapps")).toString());
            tomcat.getHost().setAutoDeploy(false);
            tomcat.start();
        } catch (Exception e) {
            throw new LifecycleException("embedded Tomcat did not start", e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
            WarFiles.deleteRecursively(baseDir);
        } catch (Exception e) {
            throw new LifecycleException("embedded Tomcat did not stop", e);
        } finally {
            tomcat = null;
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextPath = WarFiles.contextPath(archive);
        File war = baseDir.resolve("webapps").resolve(archive.getName()).toFile();
        archive.as(ZipExporter.class).exportTo(war, true);

        StandardContext context = new StandardContext();
        context.setName(contextPath);
        context.setPath(contextPath);
        context.setDocBase(war.getAbsolutePath());
        context.setParentClassLoader(getClass().getClassLoader());
        context.setJarScanner(noClassPathScanning());
        // Many deployments per JVM: leak detection only adds noise.
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        // Tomcat runs filters (Wharf's upgrade filter among them) only for requests mapped to some servlet: map its
        // default servlet to "/" (no JSP support, unlike Tomcat.addWebapp's defaults).
        context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Wrapper servlet = context.createWrapper();
                servlet.setName("default");
                servlet.setServletClass("org.apache.catalina.servlets.DefaultServlet");
                servlet.setLoadOnStartup(1);
                servlet.setOverridable(true);
                context.addChild(servlet);
                context.addServletMappingDecoded("/", "default");
            }
        });
        Host host = tomcat.getHost();
        try {
            host.addChild(context);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "deployment of " + archive.getName() + " failed (expected by negative tests)", e);
        }
        if (context.getState() != LifecycleState.STARTED) {
            LOG.log(Level.INFO, archive.getName() + " is deployed but not started: " + context.getState());
        }
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), tomcat.getConnector().getLocalPort());
        http.add(new Servlet("default", contextPath));
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        Context context = (Context) tomcat.getHost().findChild(WarFiles.contextPath(archive));
        if (context != null) {
            try {
                if (context.getState().isAvailable()) {
                    context.stop();
                }
                context.destroy();
            } catch (org.apache.catalina.LifecycleException e) {
                LOG.log(Level.WARNING, "undeploying " + archive.getName(), e);
            }
            tomcat.getHost().removeChild(context);
        }
        try {
            WarFiles.deleteRecursively(baseDir.resolve("webapps").resolve(archive.getName()));
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

    private static StandardJarScanner noClassPathScanning() {
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        scanner.setScanBootstrapClassPath(false);
        return scanner;
    }
}
