package dev.wharf.samples.json;

import jakarta.websocket.Encoder;

/** {@link Note} to {@code {"type":"...","text":"..."}}. */
public class NoteEncoder implements Encoder.Text<Note> {

    @Override
    public String encode(Note note) {
        return "{\"type\":" + FlatJson.quote(note.type()) + ",\"text\":" + FlatJson.quote(note.text()) + "}";
    }
}
