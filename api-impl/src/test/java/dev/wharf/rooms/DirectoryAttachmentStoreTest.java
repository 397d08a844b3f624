package dev.wharf.rooms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryAttachmentStoreTest {

    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();
    private final Logger log = Logger.getLogger(DirectoryAttachmentStore.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    @Test
    void writesReadsReplacesAndRemovesWithoutLeavingTemporaryFiles() throws Exception {
        DirectoryAttachmentStore store = new DirectoryAttachmentStore(dir);
        store.write("a1", bytes("first"));
        store.write("a1", bytes("second"));
        store.write("b_2-", new byte[0]);
        assertArrayEquals(bytes("second"), store.read("a1").orElseThrow());
        assertArrayEquals(new byte[0], store.read("b_2-").orElseThrow());
        assertEquals(Set.of("a1", "b_2-"), store.ids());
        store.remove("a1");
        store.remove("a1");
        assertEquals(Optional.empty(), store.read("a1"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("b_2-.attachment"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void skipsTruncatedCorruptAndForeignFilesWithALogLineNamingThem() throws Exception {
        DirectoryAttachmentStore store = new DirectoryAttachmentStore(dir);
        store.write("good", bytes("kept"));
        byte[] good = Files.readAllBytes(dir.resolve("good.attachment"));
        Files.write(dir.resolve("cut.attachment"), Arrays.copyOf(good, good.length - 1));
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        Files.write(dir.resolve("flipped.attachment"), flipped);
        Files.write(dir.resolve("empty.attachment"), new byte[0]);
        Files.write(dir.resolve("not an id!.attachment"), good);
        assertEquals(Set.of("good"), store.ids());
        assertEquals(Optional.empty(), store.read("flipped"));
        String all = String.join("\n", warnings);
        for (String name : List.of("cut.attachment", "flipped.attachment", "empty.attachment", "not an id!.attachment")) {
            assertTrue(all.contains(name + " skipped"), all);
        }
        assertTrue(all.contains("checksum mismatch"), all);
    }

    @Test
    void refusesIdsThatAreNotWharfs() throws Exception {
        DirectoryAttachmentStore store = new DirectoryAttachmentStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.write("../escape", bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> store.read(""));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
