package io.cow.app.login;

import com.google.zxing.common.BitMatrix;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.LoginListener;
import io.cow.core.login.LoginState;
import io.cow.core.login.QrCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Shows each login QR code to the owner: in the log as terminal art with the link, and as a PNG in the data
 * folder: {@code qr.png} when the bot runs one channel, {@code qr-<instance>.png} for each of several.
 */
public final class QrCodeFiles implements LoginListener {

    private static final Logger log = LoggerFactory.getLogger("login");

    private final Path dataDir;
    private final boolean single;

    /** @param single whether the bot runs one channel instance only (its file is then {@code qr.png}) */
    public QrCodeFiles(Path dataDir, boolean single) {
        this.dataDir = dataDir;
        this.single = single;
    }

    /** Where the QR code of this instance is saved. */
    public Path pngFile(String instance) {
        return dataDir.resolve(single ? "qr.png" : "qr-" + instance + ".png");
    }

    @Override
    public void loginChanged(LoginState previous, LoginState current) {
        // A countdown to the next QR code is not a new code: it is shown once.
        if (current.status() == LoginState.Status.WAITING_FOR_SCAN && !current.sameAs(previous)) {
            show(current.instance(), current.qrCode());
        }
    }

    private void show(String instance, LoginQrCode code) {
        BitMatrix modules = QrCodes.encode(code.content());
        Path png = pngFile(instance);
        // The file first, so that it exists when the log line that names it appears.
        try {
            write(QrCodes.png(modules), png);
        } catch (UncheckedIOException e) {
            log.warn("Could not save the QR code as {}: {}", png, e.getCause().getMessage());
        }
        String who = single ? "" : "[" + instance + "] ";
        log.info("📱 {}{} (also saved as {}):\n{}\n{}", who, code.hint(), png, QrCodes.terminalArt(modules), code.content());
    }

    /** Writes atomically: a reader (the owner's image viewer, a test) never sees half a file. */
    static void write(byte[] png, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".qr", ".png");
            Files.write(tmp, png);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the QR code to " + file, e);
        }
    }
}
