package dev.wharf.rooms;

/** Turns an attachment value into bytes and back, for {@link Attachments#put(jakarta.websocket.Session, Object, AttachmentCodec)}. */
public interface AttachmentCodec<T> {

    byte[] encode(T value);

    /** @throws RuntimeException if {@code bytes} are not a value of this codec */
    T decode(byte[] bytes);
}
