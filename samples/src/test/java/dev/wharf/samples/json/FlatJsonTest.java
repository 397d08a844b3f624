package dev.wharf.samples.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatJsonTest {

    @Test
    void parsesStringMembersWithEscapes() {
        assertEquals(Map.of("type", "a\"b\\c/\n\t\u00e9", "text", ""),
                FlatJson.parseObject(" { \"type\" : \"a\\\"b\\\\c\\/\\n\\t\\u00e9\" , \"text\":\"\" } "));
        assertEquals(Map.of(), FlatJson.parseObject("{}"));
    }

    @Test
    void quoteAndParseRoundTrip() {
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 emoji 😀";
        assertEquals(tricky, FlatJson.parseObject("{\"t\":" + FlatJson.quote(tricky) + "}").get("t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"a\"}", "{\"a\":1}", "{\"a\":\"x\",}", "{\"a\":\"x\"} extra",
            "{\"a\":\"x\",\"a\":\"y\"}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"line\nbreak\"}"})
    void refusesAnythingElse(String json) {
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parseObject(json));
    }
}
