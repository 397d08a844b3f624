package dev.wharf.servlet.hosts;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of suites that share started hosts: {@link #app()} is deployed once on each of {@link #candidates()} before
 * the class's tests and stopped after them. Parameterized tests take the started hosts from {@link #hosts()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SharedHosts {

    private final List<Host> started = new ArrayList<>();

    /** Fresh, unstarted hosts to deploy on. */
    protected abstract List<Host> candidates();

    /** The web application the class deploys on every host. */
    protected abstract WebApp app();

    @BeforeAll
    public final void startHosts() throws Exception {
        for (Host host : candidates()) {
            started.add(host.start(app()));
        }
    }

    @AfterAll
    public final void stopHosts() throws Exception {
        Exception failure = null;
        for (Host host : started) {
            try {
                host.stop();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** The started hosts, for {@code @MethodSource("hosts")}. */
    public final List<Host> hosts() {
        return List.copyOf(started);
    }
}
