package io.cow.app.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves channel login state saved by earlier versions as files ({@code <data>/state/<channel>/<key>}) into
 * the database, so that an upgrade needs no new QR scan. A value already in the database wins. The files
 * are deleted once their values are saved: they hold secrets, and the database is now the only copy.
 */
final class StateFilesImport {

    private static final Logger log = LoggerFactory.getLogger(StateFilesImport.class);

    private StateFilesImport() {
    }

    static int run(Path dataDir, SqliteChannelStateStore target) {
        Path root = dataDir.resolve("state");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int imported = 0;
        try {
            for (Path channelDir : list(root)) {
                if (!Files.isDirectory(channelDir)) {
                    continue;
                }
                for (Path file : list(channelDir)) {
                    String key = file.getFileName().toString();
                    if (!Files.isRegularFile(file) || key.startsWith(".")) {
                        continue;
                    }
                    target.putIfAbsent(channelDir.getFileName().toString(), key, Files.readString(file, StandardCharsets.UTF_8));
                    imported++;
                }
            }
            deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the saved login state from " + root + " into the database", e);
        }
        log.info("🗄️ Moved {} saved login value(s) from {} into the database", imported, root);
        return imported;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path path : all) {
            Files.deleteIfExists(path);
        }
    }
}
