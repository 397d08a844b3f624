package dev.wharf.servlet.jetty;

import dev.wharf.servlet.HostSupport;
import dev.wharf.servlet.HostUpgrade;
import jakarta.servlet.ServletContext;

/** Jetty's part of the servlet bridge, found by {@code HostUpgrades} by name. Not an API for applications. */
public final class JettySupport implements HostSupport {

    @Override
    public HostUpgrade forContext(ServletContext context, HostUpgrade servletUpgrade) {
        return JettyHostUpgrade.forContext(context, servletUpgrade);
    }

    @Override
    public String initializerHint(ServletContext context) {
        return JettyHostUpgrade.initializerHint(context);
    }
}
