package dev.wharf.samples.json;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import java.util.Map;

/** Text message to {@link Note}. A malformed message becomes a {@link DecodeException}, which Wharf hands to
 * {@code @OnError} without closing the session. */
public class NoteDecoder implements Decoder.Text<Note> {

    @Override
    public Note decode(String message) throws DecodeException {
        Map<String, String> members;
        try {
            members = FlatJson.parseObject(message);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(message, "not a flat JSON object: " + e.getMessage(), e);
        }
        String type = members.get("type");
        if (type == null) {
            throw new DecodeException(message, "a note needs a \"type\"");
        }
        return new Note(type, members.getOrDefault("text", ""));
    }

    /** Every text message is claimed: a broken one should be reported, not silently dropped for want of a decoder. */
    @Override
    public boolean willDecode(String message) {
        return true;
    }
}
