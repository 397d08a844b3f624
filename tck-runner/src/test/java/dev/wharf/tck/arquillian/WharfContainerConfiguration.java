package dev.wharf.tck.arquillian;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings of {@link WharfContainer}, from {@code arquillian.xml}.
 *
 * <p>{@code bindHttpPort} 0 takes an ephemeral port (fine for tests that inject the URL); the official TCK builds
 * its URLs from {@code webServerPort}, so the {@code tck} profile fixes the port.
 */
public class WharfContainerConfiguration implements ContainerConfiguration {

    private String host = "tomcat";
    private String bindAddress = "127.0.0.1";
    private int bindHttpPort = 0;

    @Override
    public void validate() throws ConfigurationException {
        if (bindHttpPort < 0 || bindHttpPort > 65_535) {
            throw new ConfigurationException("bindHttpPort must be 0-65535: " + bindHttpPort);
        }
        if (!host.equals("tomcat") && !host.equals("jetty")) {
            throw new ConfigurationException("host must be tomcat or jetty: " + host);
        }
    }

    /** The embedded servlet container: {@code tomcat} (Tomcat 11) or {@code jetty} (Jetty 12.1 ee11). */
    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getBindHttpPort() {
        return bindHttpPort;
    }

    public void setBindHttpPort(int bindHttpPort) {
        this.bindHttpPort = bindHttpPort;
    }
}
