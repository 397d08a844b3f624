package dev.wharf.servlet;

import jakarta.servlet.ServletContext;

/**
 * What a host package ({@code dev.wharf.servlet.jetty}, {@code dev.wharf.servlet.tomcat}) offers this one: its native
 * upgrade for a context of its host, and why Wharf's initializer may not have run there. {@link HostUpgrades} finds
 * the implementations by class name, so the host packages depend on this package and not the other way round (no
 * package cycle), and a host's own classes load only on that host.
 *
 * <p>Public only because those packages implement it: not an API for applications.
 */
public interface HostSupport {

    /**
     * The host's native upgrade for {@code context}, or null when the context is not this host's.
     *
     * @param servletUpgrade the servlet API's upgrade, for connections the native hand-over cannot take
     */
    HostUpgrade forContext(ServletContext context, HostUpgrade servletUpgrade);

    /** What usually keeps this host from running Wharf's initializer, or null when the context is not this host's. */
    default String initializerHint(ServletContext context) {
        return null;
    }
}
