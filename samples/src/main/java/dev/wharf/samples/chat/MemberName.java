package dev.wharf.samples.chat;

import java.util.Optional;

/**
 * The rules for a chat name: 1 to {@value #MAX_LENGTH} characters after trimming, no control characters, and not
 * starting with {@code *}, which marks the room's own notices.
 */
final class MemberName {

    static final int MAX_LENGTH = 24;

    private MemberName() {}

    /** Why {@code name} cannot be used, or empty if it can. The reason goes into a close frame: keep it short. */
    static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("name required: add ?name=yourname");
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            return Optional.of("name longer than " + MAX_LENGTH + " characters");
        }
        if (trimmed.startsWith("*")) {
            return Optional.of("name must not start with *");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("name must not contain control characters");
        }
        return Optional.empty();
    }
}
