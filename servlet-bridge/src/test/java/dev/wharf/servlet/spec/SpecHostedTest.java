package dev.wharf.servlet.spec;

import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.SharedHosts;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Base of the spec-section suites: each class deploys its own {@code app()} once on every embedded host, and its
 * {@link OnHosts} tests run once per started host.
 */
@Tag("e2e")
abstract class SpecHostedTest extends SharedHosts {

    @Override
    protected List<Host> candidates() {
        return Host.all();
    }
}
