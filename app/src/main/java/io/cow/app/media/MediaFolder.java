package io.cow.app.media;

import io.cow.core.channel.Channel;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.core.config.Settings;
import io.cow.core.media.MediaFile;
import io.cow.core.media.MediaLibrary;
import io.cow.core.media.MediaSettings;
import io.cow.core.message.Attachment;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * Received media in the data folder ({@code media/<instance>/}): each attachment streamed from its channel to a file
 * (never whole in memory), cut off at its kind's size cap, its type sniffed from the first bytes and, for pictures,
 * its header read; deleted when answered, and at the latest after {@code media.retention}.
 */
public final class MediaFolder implements MediaLibrary, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaFolder.class);
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Map<MessageKind, Long> caps;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledFuture<?> sweeper;

    public MediaFolder(Path dataDir, Settings settings, Clock clock) {
        this.root = dataDir.resolve("media");
        this.caps = Map.of(
                MessageKind.IMAGE, (long) settings.get(MediaSettings.MAX_IMAGE_BYTES),
                MessageKind.EMOTICON, (long) settings.get(MediaSettings.MAX_IMAGE_BYTES),
                MessageKind.VOICE, (long) settings.get(MediaSettings.MAX_VOICE_BYTES),
                MessageKind.VIDEO, (long) settings.get(MediaSettings.MAX_VIDEO_BYTES),
                MessageKind.FILE, (long) settings.get(MediaSettings.MAX_FILE_BYTES));
        this.retention = settings.get(MediaSettings.RETENTION);
        this.clock = clock;
        sweep();
        Duration period = retention.dividedBy(4);
        this.sweeper = SharedTimer.every(period.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1)
                : period.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : period, this::sweep);
    }

    @Override
    public MediaFile take(Channel channel, IncomingMessage message) throws MediaRejectedException, InterruptedException {
        Attachment attachment = message.attachment();
        long cap = caps.getOrDefault(attachment.kind(), caps.get(MessageKind.FILE));
        if (attachment.size() > cap) {
            throw new MediaRejectedException("too large: " + attachment.size() + " bytes, more than media.maxBytes."
                    + capKey(attachment.kind()) + " (" + cap + ")");
        }
        Path dir = root.resolve(safe(channel.name()));
        Path partial = dir.resolve(safe(message.id()) + ".part");
        try {
            Files.createDirectories(dir);
            Download download;
            try (InputStream in = channel.openAttachment(message, attachment)) {
                download = save(in, partial, cap, attachment.kind());
            }
            String type = download.type();
            if (attachment.kind() == MessageKind.IMAGE || attachment.kind() == MessageKind.EMOTICON) {
                checkPicture(partial, type);
            }
            Path file = dir.resolve(safe(message.id()) + "." + MediaTypes.extension(type));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            log.debug("Downloaded {} of {} bytes to {}", type, download.size(), file);
            return new StoredFile(attachment, file, type, download.size());
        } catch (MediaRejectedException e) {
            deleteQuietly(partial);
            throw e;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new MediaRejectedException("could not download it: " + e.getMessage(), e);
        }
    }

    private record Download(String type, long size) {
    }

    /** Streams to the file, sniffing the type from the first bytes and stopping at the cap. */
    private static Download save(InputStream in, Path file, long cap, MessageKind kind) throws IOException, MediaRejectedException {
        byte[] buffer = new byte[BUFFER];
        int head = in.readNBytes(buffer, 0, MediaTypes.HEAD);
        if (head == 0) {
            throw new MediaRejectedException("empty: the transport sent no bytes");
        }
        String type = MediaTypes.sniff(buffer, head).orElseThrow(() -> new MediaRejectedException(unknownType(kind)));
        if (!fits(kind, type)) {
            throw new MediaRejectedException(unknownType(kind) + " (its bytes are " + type + ")");
        }
        long size = head;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer, 0, head);
            int n;
            while ((n = in.read(buffer)) > 0) {
                size += n;
                if (size > cap) {
                    throw new MediaRejectedException("too large: more than media.maxBytes." + capKey(kind) + " (" + cap + " bytes)");
                }
                out.write(buffer, 0, n);
            }
        }
        return new Download(type, size);
    }

    private static boolean fits(MessageKind kind, String type) {
        return switch (kind) {
            case IMAGE, EMOTICON -> type.startsWith("image/");
            case VOICE -> type.startsWith("audio/");
            case VIDEO -> type.startsWith("video/");
            default -> true;
        };
    }

    private static String unknownType(MessageKind kind) {
        return switch (kind) {
            case IMAGE, EMOTICON -> "corrupt picture: its bytes are no JPEG, PNG, GIF or WebP";
            case VOICE -> "unknown voice format: its bytes are no MP3, SILK, AMR, WAV, OGG or M4A";
            case VIDEO -> "unknown video format";
            default -> "unknown file type";
        };
    }

    /** Reads the picture's header (its size), which a corrupt picture fails; WebP has no reader in the JDK. */
    private static void checkPicture(Path file, String type) throws MediaRejectedException, IOException {
        if (type.equals("image/webp")) {
            return;
        }
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new MediaRejectedException("corrupt picture: no reader for " + type);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                if (reader.getWidth(0) <= 0 || reader.getHeight(0) <= 0) {
                    throw new MediaRejectedException("corrupt picture: it has no size");
                }
            } catch (IOException | RuntimeException e) {
                throw new MediaRejectedException("corrupt picture: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Deletes every media file older than the retention. */
    void sweep() {
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant before = clock.instant().minus(retention);
        try (DirectoryStream<Path> instances = Files.newDirectoryStream(root)) {
            for (Path dir : instances) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                            deleteQuietly(file);
                            log.debug("Deleted {}: older than media.retention", file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.warn("⚠️ Could not clean up old media in {}: {}", root, e.toString());
        }
    }

    @Override
    public void close() {
        sweeper.cancel(false);
    }

    private static String capKey(MessageKind kind) {
        return switch (kind) {
            case IMAGE, EMOTICON -> "image";
            case VOICE -> "voice";
            case VIDEO -> "video";
            default -> "file";
        };
    }

    /** A name safe as one path element: ids are digits mostly, but never trusted. */
    private static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException gone) {
            // Someone else deleted it: what we wanted.
        } catch (IOException e) {
            log.warn("⚠️ Could not delete {}: {}", file, e.toString());
        }
    }

    /** A downloaded attachment. */
    private record StoredFile(Attachment attachment, Path file, String mediaType, long size) implements MediaFile {

        @Override
        public byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public void delete() {
            deleteQuietly(file);
        }
    }
}
