package dev.wharf.samples.json;

import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Locale;

/**
 * Objects in and out through a decoder/encoder pair. Send {@code {"type":"echo|upper|reverse","text":"..."}} and get
 * a note of the same type back with the text treated accordingly; an unknown type or malformed JSON gets
 * {@code {"type":"error","text":"why"}} and the session stays open.
 */
@ServerEndpoint(value = "/json", decoders = NoteDecoder.class, encoders = NoteEncoder.class)
public class JsonEndpoint {

    @OnMessage
    public Note message(Note note) {
        return switch (note.type()) {
            case "echo" -> note;
            case "upper" -> new Note("upper", note.text().toUpperCase(Locale.ROOT));
            case "reverse" -> new Note("reverse", new StringBuilder(note.text()).reverse().toString());
            default -> new Note("error", "unknown type \"" + note.type() + "\"; try echo, upper or reverse");
        };
    }

    @OnError
    public void error(Session session, Throwable failure) throws IOException, EncodeException {
        if (failure instanceof DecodeException && session.isOpen()) {
            session.getBasicRemote().sendObject(new Note("error", failure.getMessage()));
        }
    }
}
