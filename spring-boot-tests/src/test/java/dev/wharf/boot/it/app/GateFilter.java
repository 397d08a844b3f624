package dev.wharf.boot.it.app;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * An application filter at Spring Security's default order (-100): a request carrying {@code X-Gate: closed} is
 * refused with 403. It shows that the application's filters see a handshake before Wharf answers it.
 */
@Component
public class GateFilter implements Filter, Ordered {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("closed".equals(((HttpServletRequest) request).getHeader("X-Gate"))) {
            ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return -100;
    }
}
