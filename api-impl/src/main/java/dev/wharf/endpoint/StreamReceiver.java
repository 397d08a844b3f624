package dev.wharf.endpoint;

/**
 * Takes one whole message by reading it from a stream ({@code Reader} for text, {@code InputStream} for binary) while
 * the message is still arriving: a {@code Reader}/{@code InputStream} handler, or a handler of a type whose first
 * configured decoder is a {@code Decoder.TextStream}/{@code Decoder.BinaryStream}.
 *
 * <p>Threads: called on the session's dispatcher, one message at a time; reading blocks for parts still on the
 * network. Once it returns or throws, the session drops whatever of the message was not read.
 */
@FunctionalInterface
public interface StreamReceiver<S> {

    /** @throws Exception what the decoder ({@code DecodeException}, {@code IOException}) or the handler threw */
    void receive(S stream) throws Exception;
}
