package dev.wharf.servlet.tomcat;

import dev.wharf.servlet.HostSupport;
import dev.wharf.servlet.HostUpgrade;
import jakarta.servlet.ServletContext;

/** Tomcat's part of the servlet bridge, found by {@code HostUpgrades} by name. Not an API for applications. */
public final class TomcatSupport implements HostSupport {

    @Override
    public HostUpgrade forContext(ServletContext context, HostUpgrade servletUpgrade) {
        return TomcatHostUpgrade.forContext(context); // Tomcat's upgrade falls back by itself where it must
    }
}
