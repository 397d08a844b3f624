package dev.wharf.metrics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A container's MBeans in the platform MBean server: one for the container, one per endpoint path (added as endpoints
 * get meters). Names carry the context path, so two web applications of one JVM do not collide; should two
 * containers still share a context path (two embedded servers in one JVM), the later ones get an {@code instance}
 * key. JMX failures are logged, never thrown: metrics must not stop an application.
 */
final class JmxRegistration {

    private static final System.Logger LOG = System.getLogger(JmxRegistration.class.getName());
    static final String DOMAIN = "dev.wharf";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ContainerMeters meters;
    private final List<ObjectName> registered = new CopyOnWriteArrayList<>();
    private final Consumer<EndpointMeters> endpointListener = this::registerEndpoint;
    /** The name's part after the type: context and, if needed, instance. */
    private String scope;
    private volatile boolean closed;

    private JmxRegistration(ContainerMeters meters) {
        this.meters = meters;
    }

    static JmxRegistration register(ContainerMeters meters) {
        JmxRegistration r = new JmxRegistration(meters);
        r.registerContainer();
        meters.onEndpoint(r.endpointListener);
        return r;
    }

    private void registerContainer() {
        String context = meters.context().isEmpty() ? "/" : meters.context();
        String base = meters.isClient() ? "client=" + meters.clientNumber() : "context=" + value(context);
        for (int instance = 1; instance < 1_000; instance++) {
            scope = base + (instance == 1 ? "" : ",instance=" + instance);
            try {
                StandardMBean bean = meters.isClient()
                        ? new StandardMBean(new ContainerView(meters), WebSocketClientContainerMXBean.class, true)
                        : new StandardMBean(new ContainerView(meters), WebSocketContainerMXBean.class, true);
                ObjectName name = new ObjectName(DOMAIN + ":type=" + containerType() + "," + scope);
                server.registerMBean(bean, name);
                registered.add(name);
                return;
            } catch (InstanceAlreadyExistsException taken) {
                // another container of this JVM with the same context path: try the next instance number
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "Wharf's container MBean could not be registered", e);
                return;
            }
        }
    }

    private synchronized void registerEndpoint(EndpointMeters endpoint) {
        if (closed || scope == null) {
            return;
        }
        try {
            ObjectName name = new ObjectName(DOMAIN + ":type=" + endpointType() + "," + scope + ",endpoint="
                    + value(endpoint.path()));
            server.registerMBean(new StandardMBean(new EndpointView(endpoint), WebSocketEndpointMXBean.class, true),
                    name);
            registered.add(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Wharf's MBean for endpoint " + endpoint.path() + " could not be registered", e);
        }
    }

    private String containerType() {
        return meters.isClient() ? "WebSocketClientContainer" : "WebSocketContainer";
    }

    private String endpointType() {
        return meters.isClient() ? "WebSocketClientEndpoint" : "WebSocketEndpoint";
    }

    synchronized void unregister() {
        closed = true;
        meters.removeEndpointListener(endpointListener);
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.log(Level.DEBUG, "MBean {0} was already unregistered", name);
            }
        }
        registered.clear();
    }

    /** A key value: as it is when JMX allows it, quoted otherwise. */
    private static String value(String v) {
        try {
            new ObjectName(DOMAIN, "k", v);
            return v;
        } catch (MalformedObjectNameException e) {
            return ObjectName.quote(v);
        }
    }
}
