package dev.wharf.endpoint;

import static dev.wharf.endpoint.DeploymentRulesTest.problems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Decoder;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Class-level deployment rules: the endpoint class, its codecs and its configurator (spec 4.1, 4.2). */
public class ClassRulesTest {

    // ---- class level ----

    public static class NotAnnotated {
        @OnMessage
        public void text(String s) {
        }
    }

    @Test
    @DisplayName("[WSC-4.1-1] a class without @ServerEndpoint/@ClientEndpoint is refused")
    void notAnnotatedRefused() {
        assertTrue(problems(NotAnnotated.class).contains("is not annotated with @ServerEndpoint"));
    }

    @ServerEndpoint("/abstract")
    public abstract static class Abstract {
    }

    @ServerEndpoint("/hidden")
    static class NotPublic {
    }

    @ServerEndpoint("no-slash")
    public static class BadPath {
    }

    @Test
    @DisplayName("[WSC-4.1-1] [WSC-4.1.1-3] server endpoints must be public, concrete, and have a '/' path")
    void classRules() {
        assertTrue(problems(Abstract.class).contains("must be concrete"));
        assertTrue(problems(NotPublic.class).contains("must be public [WSC-4.1-1]"));
        assertTrue(problems(BadPath.class).contains("must start with '/' [WSC-4.1.1-3]"));
    }

    // ---- codecs and configurator ----

    public abstract static class AbstractDecoder implements Decoder.Text<String> {
    }

    public static class RawDecoder implements Decoder {
    }

    public static class NoDefaultConstructorConfigurator extends ServerEndpointConfig.Configurator {
        public NoDefaultConstructorConfigurator(int x) {
        }
    }

    @ServerEndpoint(value = "/x", decoders = {AbstractDecoder.class, RawDecoder.class},
            encoders = CodecsTest.BaseTextEncoder.class, configurator = NoDefaultConstructorConfigurator.class)
    public static class BadCodecs {
    }

    @Test
    @DisplayName("[WSC-4.1.2-1] [WSC-4.1.3-1] [WSC-4.1.5-1] codecs and configurators must be instantiable and typed")
    void codecRules() {
        String message = problems(BadCodecs.class);
        assertTrue(message.contains("decoder " + AbstractDecoder.class.getName() + " is not concrete [WSC-4.1.3-1]"),
                message);
        assertTrue(message.contains("decoder " + RawDecoder.class.getName() + " does not implement a form"), message);
        assertTrue(message.contains("encoder " + CodecsTest.BaseTextEncoder.class.getName() + " is not concrete"),
                message);
        assertTrue(message.contains("configurator " + NoDefaultConstructorConfigurator.class.getName()
                + " has no public no-arg constructor [WSC-4.1.5-1]"), message);
        assertTrue(message.contains("(4 problems)"), message);
    }
}
