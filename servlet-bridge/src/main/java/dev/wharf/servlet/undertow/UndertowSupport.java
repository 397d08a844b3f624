package dev.wharf.servlet.undertow;

import dev.wharf.servlet.HostSupport;
import dev.wharf.servlet.HostUpgrade;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;

/** Undertow's part of the servlet bridge, found by {@code HostUpgrades} by name. Not an API for applications. */
public final class UndertowSupport implements HostSupport {

    private static final String UNDERTOW = "io.undertow.servlet.";

    /**
     * The context's class name is checked here, before {@link UndertowHostUpgrade} is touched: verifying that class
     * loads Undertow's types, which other hosts (and Spring Boot on Tomcat or Jetty) do not have.
     */
    @Override
    public HostUpgrade forContext(ServletContext context, HostUpgrade servletUpgrade) {
        if (!context.getClass().getName().startsWith(UNDERTOW)) {
            return null;
        }
        try {
            return UndertowHostUpgrade.forContext(context, servletUpgrade);
        } catch (LinkageError e) { // Undertow's context class without its core classes: a repackaged Undertow
            System.getLogger(UndertowSupport.class.getName()).log(Level.WARNING, "Wharf cannot link Undertow's "
                    + "exchange upgrade on " + context.getServerInfo() + " (" + e + "); using the servlet upgrade", e);
            return null;
        }
    }
}
