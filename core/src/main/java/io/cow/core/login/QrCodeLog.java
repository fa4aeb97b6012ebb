package io.cow.core.login;

import com.google.zxing.common.BitMatrix;
import io.cow.core.channel.LoginQrCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Shows a login QR code to the owner: in the log as terminal art with the link, and as {@code <data>/qr.png}. */
public final class QrCodeLog {

    private static final Logger log = LoggerFactory.getLogger("login");

    private final Path pngFile;

    public QrCodeLog(Path dataDir) {
        this.pngFile = dataDir.resolve("qr.png");
    }

    public Path pngFile() {
        return pngFile;
    }

    public void show(LoginQrCode code) {
        BitMatrix modules = QrCodes.encode(code.content());
        // The file first, so that it exists when the log line that names it appears.
        try {
            QrCodes.writePng(modules, pngFile);
        } catch (UncheckedIOException e) {
            log.warn("Could not save the QR code as {}: {}", pngFile, e.getCause().getMessage());
        }
        log.info("📱 {} (also saved as {}):\n{}\n{}", code.hint(), pngFile, QrCodes.terminalArt(modules), code.content());
    }
}
