package dev.wharf.session;

/** Completion of one {@link Transport#write}. Exactly one of the methods is called, exactly once. */
public interface WriteCallback {

    void completed();

    void failed(Throwable cause);
}
