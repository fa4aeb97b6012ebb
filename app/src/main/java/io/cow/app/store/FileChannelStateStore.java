package io.cow.app.store;

import io.cow.core.store.ChannelStateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Channel state as files under {@code <data>/state/<channel>/<key>}, readable by the owner only, each written
 * atomically so a crash never leaves half a session behind.
 */
public final class FileChannelStateStore implements ChannelStateStore {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path root;

    public FileChannelStateStore(Path dataDir) {
        this.root = dataDir.resolve("state");
    }

    @Override
    public Optional<String> get(String channel, String key) {
        Path file = file(channel, key);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void put(String channel, String key, String value) {
        Path file = file(channel, key);
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            Path tmp = Files.createTempFile(dir, ".tmp", "");
            restrict(tmp, "rw-------");
            Files.writeString(tmp, value, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void remove(String channel, String key) {
        try {
            Files.deleteIfExists(file(channel, key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(channel, key), e);
        }
    }

    private Path file(String channel, String key) {
        if (!SAFE.matcher(channel).matches() || !SAFE.matcher(key).matches()) {
            throw new IllegalArgumentException("channel and key must be plain names: " + channel + "/" + key);
        }
        return root.resolve(channel).resolve(key);
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user profile's own ACLs apply.
        }
    }
}
