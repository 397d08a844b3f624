package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.Decoder;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;

/**
 * Incoming conversions where the spec leaves room or a user's decoder meets a native form: a text delivered as
 * {@code char} ([WSC-4.7-2]; README), and decoders configured for {@code Reader}/{@code InputStream} [WSC-4.1.3-2].
 */
@DisplayName("Text to char, and decoders for the native stream forms [WSC-4.7-2, WSC-4.1.3-2]")
class ConversionSpecTest extends SpecHostedTest {

    /** Answers the char it was given, as the official TCK's char endpoints do. */
    @ServerEndpoint("/char")
    public static class CharEcho {
        @OnMessage
        public String echo(char c) {
            return c + "char";
        }

        @OnError
        public void error(Session session, Throwable error) throws IOException {
            session.getBasicRemote().sendText("error " + error.getClass().getSimpleName());
        }
    }

    /** A decoder for a form Wharf also reads natively; it marks what it produced. */
    public static class MarkingReaderDecoder implements Decoder.Text<Reader> {
        @Override
        public Reader decode(String s) {
            return new StringReader("decoded " + s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    public static class MarkingInputStreamDecoder implements Decoder.Binary<InputStream> {
        @Override
        public InputStream decode(ByteBuffer bytes) {
            return new ByteArrayInputStream(("decoded " + StandardCharsets.UTF_8.decode(bytes))
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return true;
        }
    }

    /** Text through an annotated Reader method, binary through a programmatic InputStream handler. */
    @ServerEndpoint(value = "/decoded-streams", decoders = {MarkingReaderDecoder.class,
            MarkingInputStreamDecoder.class})
    public static class DecodedStreams {
        @OnOpen
        public void open(Session session) {
            session.addMessageHandler(InputStream.class, in -> {
                try {
                    session.getBasicRemote().sendText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @OnMessage
        public String text(Reader reader) throws IOException {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[64];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), CharEcho.class, DecodedStreams.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-4.7-2] a text for a char parameter is its first character; an empty text is a DecodeException")
    void charIsTheFirstCharacter(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/char"))) {
            assertEquals("Echar", ws.ask("E"));
            assertEquals("Echar", ws.ask("Echar"), "a longer text is not an error");
            assertEquals("error DecodeException", ws.ask(""));
            assertEquals("zchar", ws.ask("z"), "the session stays open after the error");
        }
    }

    @OnHosts
    @DisplayName("[WSC-4.1.3-2] decoders configured for Reader and InputStream decode those messages")
    void decodersForStreamFormsWin(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/decoded-streams"))) {
            assertEquals("decoded text", ws.ask("text"));
            ws.sendBinary("bytes".getBytes(StandardCharsets.UTF_8));
            assertEquals("decoded bytes", ws.nextText());
        }
    }
}
