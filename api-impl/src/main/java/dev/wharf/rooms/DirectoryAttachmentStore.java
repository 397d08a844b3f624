package dev.wharf.rooms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The default durable {@link AttachmentStore}: one file per id in a directory. A write goes to a temporary file that
 * is forced to disk and then renamed over the old one, so a reader (or a restart after a crash) finds the old bytes
 * or the new ones, never a mix. Each file holds a magic number, the length and a CRC-32 of the bytes: a file that is
 * truncated, foreign or corrupt is reported by name in the log and skipped, never a failure.
 */
public final class DirectoryAttachmentStore implements AttachmentStore {

    private static final System.Logger LOG = System.getLogger(DirectoryAttachmentStore.class.getName());
    static final String SUFFIX = ".attachment";
    private static final int MAGIC = 0x57484131; // "WHA1"
    private static final int HEADER = 12; // magic, length, CRC-32
    /** Ids are Wharf's own (URL-safe); anything else is not ours to read or remove. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path directory;

    /** Keeps attachments in {@code directory}, which is created if missing. */
    public DirectoryAttachmentStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public void write(String id, byte[] bytes) throws IOException {
        Path target = file(id);
        Path temp = Files.createTempFile(directory, "." + id + "-", ".tmp");
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(bytes.length)
                    .putInt((int) crc(bytes)).flip();
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer body = ByteBuffer.wrap(bytes);
                while (header.hasRemaining() || body.hasRemaining()) {
                    out.write(new ByteBuffer[] {header, body});
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<byte[]> read(String id) throws IOException {
        Path file = file(id);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(decode(file, content));
    }

    @Override
    public void remove(String id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    /** The ids of the well-formed files; bad ones are logged (by file name) and left out. */
    @Override
    public Set<String> ids() throws IOException {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (!ID.matcher(id).matches()) {
                    LOG.log(System.Logger.Level.WARNING, "attachment file {0} skipped: not a Wharf attachment id", file);
                    continue;
                }
                try {
                    if (decode(file, Files.readAllBytes(file)) != null) {
                        ids.add(id);
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "attachment file {0} skipped: unreadable: {1}", file, e);
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
    }

    /** The bytes of a well-formed file, or null (logged) for a bad one. */
    private static byte[] decode(Path file, byte[] content) {
        ByteBuffer in = ByteBuffer.wrap(content);
        String problem = null;
        if (content.length < HEADER || in.getInt() != MAGIC) {
            problem = "not an attachment file (no header)";
        } else {
            int length = in.getInt();
            long crc = in.getInt() & 0xFFFFFFFFL;
            if (length < 0 || length != content.length - HEADER) {
                problem = "truncated or padded: " + (content.length - HEADER) + " bytes where " + length + " belong";
            } else {
                byte[] bytes = new byte[length];
                in.get(bytes);
                if (crc(bytes) != crc) {
                    problem = "checksum mismatch";
                } else {
                    return bytes;
                }
            }
        }
        LOG.log(System.Logger.Level.WARNING, "attachment file {0} skipped: {1}", file, problem);
        return null;
    }

    private Path file(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an attachment id: " + id);
        }
        return directory.resolve(id + SUFFIX);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
