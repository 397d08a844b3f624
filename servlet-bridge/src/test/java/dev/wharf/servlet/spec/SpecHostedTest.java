package dev.wharf.servlet.spec;

import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the spec-section suites: each class deploys its own {@link #app()} once on every embedded host, and its
 * {@link OnHosts} tests run once per started host.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpecHostedTest {

    private final List<Host> started = new ArrayList<>();

    /** The web application this class deploys on every host. */
    abstract WebApp app();

    @BeforeAll
    void startHosts() throws Exception {
        for (Host host : Host.all()) {
            started.add(host.start(app()));
        }
    }

    @AfterAll
    void stopHosts() throws Exception {
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

    List<Host> hosts() {
        return List.copyOf(started);
    }
}
