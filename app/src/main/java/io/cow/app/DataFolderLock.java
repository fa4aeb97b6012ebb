package io.cow.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a running bot holds on its data folder ({@code cow.lock}), so that a second bot on the same folder stops at
 * once instead of sharing its login and database. The operating system holds the lock for the process and drops it when
 * the process ends, however it ends (even {@code kill -9}), so a lock file left behind never blocks a start; the file
 * says who holds it, for the message the second bot prints.
 */
final class DataFolderLock implements AutoCloseable {

    static final String FILE = "cow.lock";

    /** The locks this process holds, by folder: the JVM allows one lock per file and process, and a lock must stay reachable. */
    private static final Map<Path, DataFolderLock> HELD = new ConcurrentHashMap<>();

    /** Another process holds the data folder. */
    public static final class InUseException extends RuntimeException {
        InUseException(String message) {
            super(message);
        }
    }

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder's lock for this process, until {@link #close()} or the process ends.
     *
     * @throws InUseException naming the process that holds it
     */
    public static DataFolderLock acquire(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        DataFolderLock mine = HELD.get(folder);
        if (mine != null) {
            throw new InUseException("this process already runs a bot on the data folder " + folder);
        }
        Path file = folder.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw failed(channel, new InUseException("another bot (" + holder(channel) + ") is running on the data folder "
                        + folder + "; stop it first, or give this one another data folder (--data, COW_DATA_DIR)"));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            DataFolderLock held = new DataFolderLock(folder, channel, lock);
            HELD.put(folder, held);
            return held;
        } catch (OverlappingFileLockException e) {
            throw failed(channel, new InUseException("this process already runs a bot on the data folder " + folder));
        } catch (IOException e) {
            throw failed(channel, new InUseException("cannot lock the data folder " + folder + " (" + file + ": " + e.getMessage() + ")"));
        }
    }

    /** What the lock file says: the holder's PID and host, one "key=value" per line. */
    private static String describeThisProcess() {
        return "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\n";
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        String pid = value(text, "pid");
        String host = value(text, "host");
        if (pid == null) {
            return "a process that has not written its PID yet";
        }
        return "PID " + pid + (host == null || host.equals(hostName()) ? "" : " on host " + host);
    }

    private static String value(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).strip())
                .filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    /** The host's name without a DNS lookup (which can hang for seconds where DNS is broken); empty when unknown. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null ? "" : fromEnv;
        }
    }

    /** Closes the channel of a failed attempt; a failure to close goes with the attempt's failure. */
    private static InUseException failed(FileChannel channel, InUseException failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    /** Releases the lock (the file stays; it blocks nobody). */
    @Override
    public void close() {
        HELD.remove(folder, this);
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot release the lock on " + folder, e);
        }
    }
}
