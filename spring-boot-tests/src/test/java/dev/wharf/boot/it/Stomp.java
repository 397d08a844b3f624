package dev.wharf.boot.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** STOMP 1.2 frames written and read by hand: a command line, header lines, a blank line, the body, a NUL. */
final class Stomp {

    private Stomp() {
    }

    static String frame(String command, Map<String, String> headers, String body) {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
        return frame.append('\n').append(body).append('\0').toString();
    }

    /** A frame as received; heart-beat newlines before the command are skipped. */
    record Frame(String command, Map<String, String> headers, String body) {

        static Frame parse(String text) {
            String trimmed = text.stripLeading();
            int end = trimmed.indexOf('\0');
            if (end < 0) {
                throw new AssertionError("not a STOMP frame (no NUL): " + text);
            }
            int blank = trimmed.indexOf("\n\n");
            String[] head = trimmed.substring(0, blank).split("\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                // STOMP 1.2 §Repeated Header Entries: the first value wins
                headers.putIfAbsent(head[i].substring(0, colon), head[i].substring(colon + 1));
            }
            return new Frame(head[0], headers, trimmed.substring(blank + 2, end));
        }
    }
}
