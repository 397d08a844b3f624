package dev.wharf.servlet.undertow;

import dev.wharf.servlet.HostSupport;
import dev.wharf.servlet.HostUpgrade;
import jakarta.servlet.ServletContext;

/** Undertow's part of the servlet bridge, found by {@code HostUpgrades} by name. Not an API for applications. */
public final class UndertowSupport implements HostSupport {

    @Override
    public HostUpgrade forContext(ServletContext context, HostUpgrade servletUpgrade) {
        return UndertowHostUpgrade.forContext(context, servletUpgrade);
    }
}
