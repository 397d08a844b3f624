package dev.wharf.servlet.e2e;

import dev.wharf.servlet.hosts.Host;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the end-to-end suites: one started host per container, shared by the tests of a class. Tests take the
 * host as their parameter through {@link HostTest}.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostedTest {

    private final List<Host> started = new ArrayList<>();

    @BeforeAll
    void startHosts() throws Exception {
        for (Host host : E2eApp.hosts()) {
            started.add(host.start(E2eApp.build()));
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
