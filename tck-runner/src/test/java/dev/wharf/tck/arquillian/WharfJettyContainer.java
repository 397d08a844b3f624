package dev.wharf.tck.arquillian;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.tck.hosts.NotFoundServlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.WebServlet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EventListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
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
 * An Arquillian container that deploys web archives to an embedded Jetty 12.1 (ee11 servlet environment only, none
 * of Jetty's WebSocket modules) in the test JVM, where Wharf serves the WebSocket endpoints.
 *
 * <p>Each archive is exploded and becomes a {@link ServletContextHandler} with its own child-first
 * {@link WarClassLoader}. Discovery looks only inside the archive ({@link WarScan}): Wharf's initializer gets the
 * archive's classes its {@code @HandlesTypes} selects, never the test class path's (where all the suites' classes
 * are too); {@code @WebListener} classes and {@code web.xml}'s listeners and context parameters are installed.
 * Deployment rules as in {@link WharfTomcatContainer}: context path = archive name without {@code .war}; an
 * application that fails to start still deploys normally (the TCK's {@code negdep} tests), and is removed from the
 * server so that its paths answer 404.
 */
public class WharfJettyContainer implements DeployableContainer<WharfContainerConfiguration> {

    private static final System.Logger LOG = System.getLogger(WharfJettyContainer.class.getName());

    private WharfContainerConfiguration configuration;
    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;
    private Path baseDir;
    private final Map<String, ServletContextHandler> deployed = new ConcurrentHashMap<>();

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
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        try {
            baseDir = Files.createTempDirectory("wharf-arquillian-jetty");
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost(configuration.getBindAddress());
            connector.setPort(configuration.getBindHttpPort());
            server.addConnector(connector);
            contexts = new ContextHandlerCollection(true);
            server.setHandler(contexts);
            server.setStopTimeout(0);
            server.start();
        } catch (Exception e) {
            throw new LifecycleException("embedded Jetty did not start", e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            if (server != null) {
                server.stop();
            }
            WarFiles.deleteRecursively(baseDir);
        } catch (Exception e) {
            throw new LifecycleException("embedded Jetty did not stop", e);
        } finally {
            server = null;
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextPath = WarFiles.contextPath(archive);
        Path war = baseDir.resolve("webapps").resolve(archive.getName());
        ServletContextHandler context;
        try {
            Files.createDirectories(war);
            WarFiles.explode(archive, war);
            context = newContext(contextPath, war);
        } catch (Exception e) {
            throw new DeploymentException("cannot prepare " + archive.getName(), e);
        }
        deployed.put(archive.getName(), context);
        contexts.addHandler(context);
        Throwable failure = null;
        try {
            if (!context.isStarted()) {
                context.start();
            }
        } catch (Throwable e) {
            failure = e;
        }
        if (failure != null || !context.isAvailable()) {
            // Expected by the TCK's negative-deployment tests: the deployment "succeeds", the application is absent.
            LOG.log(Level.INFO, "deployment of " + archive.getName() + " failed to start (expected by negative tests);"
                    + " its paths answer 404", failure);
            retire(context);
        }
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), connector.getLocalPort());
        http.add(new Servlet("default", contextPath));
        return new ProtocolMetaData().addContext(http);
    }

    private ServletContextHandler newContext(String contextPath, Path war) throws Exception {
        WarClassLoader loader = new WarClassLoader(war, getClass().getClassLoader());
        WarScan scan = WarScan.of(war, loader);
        ServletContextHandler context = new ServletContextHandler(contextPath, ServletContextHandler.SESSIONS);
        context.setDisplayName(war.getFileName().toString());
        context.setClassLoader(loader);
        context.setBaseResourceAsPath(war);
        context.setTempDirectory(Files.createDirectories(baseDir.resolve("work").resolve(war.getFileName()))
                .toFile());
        scan.contextParams().forEach(context::setInitParameter);
        ServletHolder notFound = new ServletHolder("default", new NotFoundServlet());
        notFound.setAsyncSupported(true);
        context.addServlet(notFound, "/");
        // Wharf's first, as the container's own initializers run before those the application ships (servlet 8.2.4).
        context.addServletContainerInitializer(new WharfInitializer(),
                scan.handledBy(WharfInitializer.class).toArray(Class<?>[]::new));
        for (ServletContainerInitializer initializer : scan.initializers(loader)) {
            context.addServletContainerInitializer(initializer,
                    scan.handledBy(initializer.getClass()).toArray(Class<?>[]::new));
        }
        for (Class<?> type : scan.servletClasses()) {
            WebServlet declared = type.getAnnotation(WebServlet.class);
            ServletHolder holder = new ServletHolder(declared.name().isEmpty() ? type.getName() : declared.name(),
                    type.asSubclass(jakarta.servlet.Servlet.class));
            holder.setAsyncSupported(declared.asyncSupported());
            String[] patterns = declared.urlPatterns().length > 0 ? declared.urlPatterns() : declared.value();
            for (String pattern : patterns) {
                context.addServlet(holder, pattern);
            }
        }
        for (String name : scan.listenerClassNames()) {
            Class<?> type = Class.forName(name, true, loader);
            context.addEventListener((EventListener) type.getConstructor().newInstance());
        }
        return context;
    }

    /** Takes a context off the server: stopped, unmapped, its class loader closed. */
    private void retire(ServletContextHandler context) {
        contexts.removeHandler(context);
        try {
            context.stop();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "stopping " + context.getDisplayName(), e);
        }
        if (context.getClassLoader() instanceof WarClassLoader loader) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the class loader of " + context.getDisplayName(), e);
            }
        }
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        ServletContextHandler context = deployed.remove(archive.getName());
        if (context != null) {
            retire(context);
        }
        try {
            WarFiles.deleteRecursively(baseDir.resolve("webapps").resolve(archive.getName()));
            WarFiles.deleteRecursively(baseDir.resolve("work").resolve(archive.getName()));
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
