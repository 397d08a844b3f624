package dev.wharf.tck.spec.paths;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** Endpoints whose URI templates overlap as in the example of spec 3.1.1; each names itself on open. */
public final class PathEndpoints {

    private PathEndpoints() {}

    @ServerEndpoint("/a/b")
    public static class Exact {
        @OnOpen
        public void open(Session s) throws IOException {
            s.getBasicRemote().sendText("/a/b");
        }
    }

    @ServerEndpoint("/a/{var}")
    public static class RightVariable {
        @OnOpen
        public void open(Session s, @PathParam("var") String var) throws IOException {
            s.getBasicRemote().sendText("/a/{var} var=" + var);
        }
    }

    @ServerEndpoint("/{var}/b")
    public static class LeftVariable {
        @OnOpen
        public void open(Session s, @PathParam("var") String var) throws IOException {
            s.getBasicRemote().sendText("/{var}/b var=" + var);
        }
    }
}
