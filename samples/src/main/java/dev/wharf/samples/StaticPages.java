package dev.wharf.samples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the samples' web pages from the class path ({@code dev/wharf/samples/web/}), so the runnable jar and the
 * WAR serve the same files the same way. Mapped to {@code /}: WebSocket handshakes never get here, Wharf's upgrade
 * filter answers them first.
 */
public final class StaticPages extends HttpServlet {

    static final String ROOT = "dev/wharf/samples/web/";

    /** One flat folder of known file kinds: no path can climb out of it or list a directory. */
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9-]+\\.(html|css|js|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        URL resource = FILE_NAME.matcher(name).matches()
                ? StaticPages.class.getClassLoader().getResource(ROOT + name)
                : null;
        if (resource == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        response.setHeader("X-Content-Type-Options", "nosniff");
        // pages change while someone edits the samples; always revalidate
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = resource.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
