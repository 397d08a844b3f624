package dev.wharf.tck.wire;

import static dev.wharf.tck.wire.Frame.CONTINUATION;
import static dev.wharf.tck.wire.Frame.TEXT;
import static dev.wharf.tck.wire.Frame.fragment;
import static dev.wharf.tck.wire.WireCase.steps;

import java.time.Duration;
import java.util.List;

/**
 * Text must be valid UTF-8: valid text is echoed byte for byte, invalid text fails with 1007, and a server that
 * validates incrementally fails a fragmented message as soon as the bad fragment arrives (RFC 6455 §8.1; Autobahn
 * "fail fast").
 */
final class Utf8Cases {

    private Utf8Cases() {}

    /** How long a server has to fail fast before the suite sends the final fragment anyway. */
    private static final Duration FAIL_FAST_WINDOW = Duration.ofSeconds(2);

    private static final String[][] VALID = {
        {"Latin-1 and ASCII", "48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121"},
        {"Greek kosme", "cebae1bdb9cf83cebcceb5"},
        {"4-byte U+1F600", "f09f9880"},
        {"largest code point U+10FFFF", "f48fbfbf"},
        {"first 4-byte U+10000", "f0908080"},
        {"boundaries U+007F U+0080 U+07FF U+0800", "7fc280dfbfe0a080"},
        {"around the surrogates U+D7FF U+E000", "ed9fbfee8080"},
        {"noncharacters U+FFFE U+FFFF", "efbfbeefbfbf"},
    };

    private static final String[][] INVALID = {
        {"byte 0xFF", "48656c6c6fff"},
        {"byte 0xFE", "fe"},
        {"lone continuation byte 0x80", "6180"},
        {"overlong NUL C0 80", "c080"},
        {"overlong slash E0 80 AF", "e080af"},
        {"overlong 4-byte F0 8F BF BF", "f08fbfbf"},
        {"high surrogate U+D800", "eda080"},
        {"low surrogate U+DFFF", "edbfbf"},
        {"beyond U+10FFFF (F4 90 80 80)", "f4908080"},
        {"5-byte sequence", "f888808080"},
        {"truncated 3-byte sequence at the end", "cebae282"},
        {"start byte followed by ASCII", "e2826161"},
    };

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.UTF8, 6);
        for (String[] v : VALID) {
            byte[] p = Payloads.hex(v[1]);
            n.add("valid text (" + v[0] + ") is echoed", ctx -> {
                Exchange ex = ctx.open();
                ex.send(Frame.of(TEXT, p));
                return steps(() -> ex.expectMessage(TEXT, p), ex::closeNormally);
            });
        }
        byte[] emoji = Payloads.hex("3cf09f98803e"); // "<😀>"
        for (int cut = 2; cut <= 4; cut++) {
            int at = cut;
            n.add("4-byte character split across fragments after byte " + (cut - 1) + " is echoed", ctx -> {
                Exchange ex = ctx.open();
                ex.send(fragment(TEXT, false, Payloads.slice(emoji, 0, at)),
                        fragment(CONTINUATION, true, Payloads.slice(emoji, at, emoji.length)));
                return steps(() -> ex.expectMessage(TEXT, emoji), ex::closeNormally);
            });
        }
        n.add("valid text in 1-byte fragments is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.hex("cebae1bdb9cf83cebcceb5f09f9880");
            for (int i = 0; i < p.length; i++) {
                ex.send(fragment(i == 0 ? TEXT : CONTINUATION, i == p.length - 1, new byte[] {p[i]}));
            }
            return steps(() -> ex.expectMessage(TEXT, p), ex::closeNormally);
        });
        for (String[] v : INVALID) {
            byte[] p = Payloads.hex(v[1]);
            n.add("invalid text (" + v[0] + ") fails with 1007", ctx -> {
                Exchange ex = ctx.open();
                ex.send(Frame.of(TEXT, p));
                return ex.expectClose(1007);
            });
        }
        n.add("invalid sequence split across two fragments fails with 1007", ctx -> {
            Exchange ex = ctx.open();
            ex.send(fragment(TEXT, false, Payloads.hex("61e2")), fragment(CONTINUATION, true, Payloads.hex("2861")));
            return ex.expectClose(1007);
        });
        n.add("message ending inside a character (valid fragments) fails with 1007", ctx -> {
            Exchange ex = ctx.open();
            ex.send(fragment(TEXT, false, Payloads.hex("6162")), fragment(CONTINUATION, true, Payloads.hex("f09f98")));
            return ex.expectClose(1007);
        });
        n.add("binary is never UTF-8 checked: invalid UTF-8 bytes are echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.hex("fffec080eda080");
            ex.send(Frame.of(Frame.BINARY, p));
            return steps(() -> ex.expectMessage(Frame.BINARY, p), ex::closeNormally);
        });
        n.add("fail fast: 1007 arrives before the final fragment is sent", ctx -> failFast(ctx,
                fragment(TEXT, false, Payloads.hex("cebae1bdb9cf83cebcceb5f4908080")),
                fragment(CONTINUATION, true, Payloads.utf8("edited"))));
        n.add("fail fast: bad byte in the 2nd of 3 fragments, 1007 before the 3rd", ctx -> failFast(ctx,
                fragment(TEXT, false, Payloads.utf8("all good ")),
                fragment(CONTINUATION, false, Payloads.hex("61ff62")),
                fragment(CONTINUATION, true, Payloads.utf8("never sent if fail-fast"))));
        return n.cases();
    }

    /**
     * Sends all frames but the last, waits for 1007; only if none comes sends the last. Detection at the end of
     * the message is {@link Verdict#NON_STRICT}.
     */
    private static Outcome failFast(CaseContext ctx, Frame... frames) throws java.io.IOException {
        Exchange ex = ctx.open();
        for (int i = 0; i < frames.length - 1; i++) {
            ex.send(frames[i]);
        }
        if (!ex.silentFor(FAIL_FAST_WINDOW)) {
            return ex.expectClose(1007);
        }
        ex.send(frames[frames.length - 1]);
        Outcome late = ex.expectClose(1007);
        return late.isOk()
                ? Outcome.nonStrict("1007 came only after the final fragment was sent (not fail-fast)")
                : late;
    }
}
