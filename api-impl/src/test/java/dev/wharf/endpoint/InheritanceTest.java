package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 4.8 "WebSockets and Inheritance". */
public class InheritanceTest {

    @ServerEndpoint("/base")
    public static class Base {
        final List<String> calls = new ArrayList<>();

        @OnMessage
        public void text(String s) {
            calls.add("base " + s);
        }
    }

    public static class UnannotatedSubclass extends Base {
    }

    @ServerEndpoint("/overrides-silently")
    public static class OverridesWithoutAnnotation extends Base {
        @Override
        public void text(String s) {
            calls.add("sub " + s);
        }
    }

    @ServerEndpoint("/overrides-annotated")
    public static class OverridesWithAnnotation extends Base {
        @Override
        @OnMessage
        public void text(String s) {
            calls.add("sub " + s);
        }
    }

    @ServerEndpoint("/inherits")
    public static class InheritsUnchanged extends Base {
    }

    @Test
    @DisplayName("[WSC-4.8.1] a subclass of an annotated endpoint is not an endpoint unless annotated itself")
    void classAnnotationNotInherited() {
        String message = assertThrows(DeploymentException.class,
                () -> AnnotatedEndpointModel.of(UnannotatedSubclass.class)).getMessage();
        assertTrue(message.contains(UnannotatedSubclass.class.getName()), message);
        assertTrue(message.contains("the annotation of its superclass " + Base.class.getName()
                + " is not inherited [WSC-4.8.1]"), message);
    }

    @Test
    @DisplayName("[WSC-4.8.1] an override without @OnMessage gets no callback")
    void overrideWithoutAnnotationHasNoCallback() throws Exception {
        assertFalse(AnnotatedEndpointModel.of(OverridesWithoutAnnotation.class).hasTextHandler());
    }

    @Test
    @DisplayName("[WSC-4.8.1] an annotated override is the one callback, not a duplicate of the parent's")
    void annotatedOverrideIsTheCallback() throws Exception {
        OverridesWithAnnotation instance = new OverridesWithAnnotation();
        FakeSession session = new FakeSession();
        session.open(new AnnotatedEndpoint(AnnotatedEndpointModel.of(OverridesWithAnnotation.class), instance),
                null);
        session.text("hi");
        assertEquals(List.of("sub hi"), instance.calls);
    }

    @Test
    @DisplayName("an inherited annotated method that is not overridden still counts (as in Tomcat and Tyrus)")
    void inheritedAnnotatedMethodCounts() throws Exception {
        InheritsUnchanged instance = new InheritsUnchanged();
        FakeSession session = new FakeSession();
        session.open(new AnnotatedEndpoint(AnnotatedEndpointModel.of(InheritsUnchanged.class), instance), null);
        session.text("hi");
        assertEquals(List.of("base hi"), instance.calls);
        assertEquals("/inherits", AnnotatedEndpointModel.of(InheritsUnchanged.class).path());
    }
}
