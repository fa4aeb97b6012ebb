package io.cow.ilink.media;

import io.cow.ilink.inbound.InboundItem;
import io.cow.ilink.inbound.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Downloads, decrypts and keeps the images, files, voice notes and videos users send, as
 * {@code <data>/media/ilink/<message id>-<item>.<ext>}, so later features can use them. Runs beside the
 * poll loop, so a large file never holds up text messages.
 */
public final class InboundMedia {

    private static final Logger log = LoggerFactory.getLogger(InboundMedia.class);

    private final CdnClient cdn;
    private final Path folder;
    private final ExecutorService executor;

    /** @param folder where the files go, created when the first arrives */
    public InboundMedia(CdnClient cdn, Path folder, ExecutorService executor) {
        this.cdn = cdn;
        this.folder = folder;
        this.executor = executor;
    }

    public Path folder() {
        return folder;
    }

    /** Starts keeping every media item of the message; the future holds the files written. */
    public CompletableFuture<List<Path>> keep(InboundMessage message) {
        List<CompletableFuture<Path>> files = new ArrayList<>();
        List<InboundItem> items = message.items();
        for (int i = 0; i < items.size(); i++) {
            InboundItem item = items.get(i);
            if (item.media() == null) {
                continue;
            }
            String name = fileName(message, i, item);
            files.add(CompletableFuture.supplyAsync(() -> fetch(message, item, name), executor));
        }
        return CompletableFuture.allOf(files.toArray(CompletableFuture[]::new))
                .thenApply(v -> files.stream().map(CompletableFuture::join).filter(p -> p != null).toList());
    }

    private Path fetch(InboundMessage message, InboundItem item, String name) {
        String what = kind(item.type());
        try {
            byte[] plain = AesEcb.decrypt(MediaKeys.keyOf(item.media()), cdn.download(item.media()));
            Path file = folder.resolve(name + extension(item, plain));
            write(file, plain);
            log.info("📎 Kept the {} from {}: {} ({} bytes)", what, message.fromUser(), file, plain.length);
            return file;
        } catch (IOException | IllegalArgumentException e) {
            log.warn("⚠️ Could not fetch the {} of message {} from {}: {}", what, message.stableId(), message.fromUser(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String fileName(InboundMessage message, int index, InboundItem item) {
        String base = safe(message.stableId().isEmpty() ? Long.toString(message.createdAtMs()) : message.stableId()) + "-" + index;
        if (item.type() == InboundItem.FILE && !item.fileName().isBlank()) {
            return base + "-" + safe(item.fileName());
        }
        return base;
    }

    private static String extension(InboundItem item, byte[] plain) {
        return switch (item.type()) {
            case InboundItem.IMAGE -> imageExtension(plain);
            case InboundItem.VOICE -> ".silk";
            case InboundItem.VIDEO -> ".mp4";
            case InboundItem.FILE -> item.fileName().isBlank() ? ".bin" : "";
            default -> ".bin";
        };
    }

    static String imageExtension(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return ".png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return ".jpg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return ".gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E') {
            return ".webp";
        }
        return ".img";
    }

    private static String kind(int type) {
        return switch (type) {
            case InboundItem.IMAGE -> "image";
            case InboundItem.VOICE -> "voice note";
            case InboundItem.FILE -> "file";
            case InboundItem.VIDEO -> "video";
            default -> "media";
        };
    }

    private static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._\\-\\p{IsHan}]", "_").replaceAll("^\\.+", "_");
        return cleaned.length() > 120 ? cleaned.substring(cleaned.length() - 120) : cleaned;
    }

    /** Written under a temporary name and moved into place, so a reader never sees half a file. */
    private static void write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".part", "");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
