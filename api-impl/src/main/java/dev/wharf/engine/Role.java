package dev.wharf.engine;

/** Which end of a connection an {@link Engine} speaks for; decides masking in both directions (RFC 6455 §5.1). */
public enum Role {
    /** Masks every frame it sends; rejects masked frames it receives. */
    CLIENT,
    /** Never masks; rejects unmasked frames it receives. */
    SERVER
}
