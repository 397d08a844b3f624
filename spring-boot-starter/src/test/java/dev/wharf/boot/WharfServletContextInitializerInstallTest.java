package dev.wharf.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wharf.server.WharfServerContainer;
import dev.wharf.session.ContainerDefaults;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockServletContext;

/** What the initializer does to the servlet context, seen through a context that records filter mappings. */
class WharfServletContextInitializerInstallTest {

    /** A servlet context that accepts Wharf's filter and listeners and records how the filter was mapped. */
    private static final class RecordingContext extends MockServletContext {
        final List<Boolean> matchAfter = new ArrayList<>();
        final List<EventListener> listeners = new ArrayList<>();

        @Override
        public FilterRegistration.Dynamic addFilter(String name, Filter filter) {
            return (FilterRegistration.Dynamic) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {FilterRegistration.Dynamic.class}, (proxy, method, args) -> {
                        if (method.getName().equals("addMappingForUrlPatterns")) {
                            matchAfter.add((Boolean) args[1]);
                        }
                        return null;
                    });
        }

        @Override
        public <T extends EventListener> void addListener(T listener) {
            listeners.add(listener);
        }
    }

    private final RecordingContext context = new RecordingContext();

    @AfterEach
    void stopWharf() {
        if (context.getAttribute(ServerContainer.class.getName()) instanceof WharfServerContainer container) {
            container.shutdown(0);
        }
    }

    @Test
    @DisplayName("Wharf is installed with its upgrade filter after the application's filters")
    void installsWithTheFilterLast() throws Exception {
        new WharfServletContextInitializer().onStartup(context);

        assertInstanceOf(WharfServerContainer.class, context.getAttribute(ServerContainer.class.getName()));
        assertEquals("true", context.getInitParameter(WharfServletContextInitializer.FILTER_AFTER_APPLICATION_FILTERS));
        assertEquals(List.of(true), context.matchAfter);
    }

    @Test
    @DisplayName("an application that set the filter position itself keeps it")
    void keepsTheApplicationsChoice() throws Exception {
        context.setInitParameter(WharfServletContextInitializer.FILTER_AFTER_APPLICATION_FILTERS, "false");

        new WharfServletContextInitializer().onStartup(context);

        assertEquals(List.of(false), context.matchAfter);
    }

    @Test
    @DisplayName("a context where Wharf is installed already (a WAR deployment) is left alone")
    void leavesAnInstalledWharfAlone() throws Exception {
        WharfServerContainer installed = new WharfServerContainer(new ContainerDefaults(), 1);
        context.setAttribute(ServerContainer.class.getName(), installed);

        new WharfServletContextInitializer().onStartup(context);

        assertSame(installed, context.getAttribute(ServerContainer.class.getName()));
        assertNull(context.getInitParameter(WharfServletContextInitializer.FILTER_AFTER_APPLICATION_FILTERS));
        assertEquals(List.of(), context.matchAfter);
    }
}
