package dev.wharf.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Tomcat 11's own Jakarta WebSocket server (tomcat-embed-websocket). */
final class TomcatServer implements IndependentServer {

    private Tomcat tomcat;
    private Path base;

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public IndependentServer start(Class<?>... endpoints) throws Exception {
        base = Files.createTempDirectory("wharf-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), Set.of(endpoints));
        // Tomcat runs filters (WsFilter does the upgrade) only for requests mapped to some servlet.
        Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                 jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                resp.sendError(404);
            }
        });
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        return this;
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) { // JUnit closes parameters too: idempotent
            Tomcat t = tomcat;
            tomcat = null;
            t.stop();
            t.destroy();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
