package dev.wharf.servlet.e2e;

import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.SharedHosts;
import dev.wharf.servlet.hosts.WebApp;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Base of the end-to-end suites: the e2e application started once per container, shared by the tests of a class.
 * Tests take the host as their parameter through {@link HostTest}.
 */
@Tag("e2e")
abstract class HostedTest extends SharedHosts {

    @Override
    protected List<Host> candidates() {
        return E2eApp.hosts();
    }

    @Override
    protected WebApp app() {
        return E2eApp.build();
    }
}
