package io.cow.core.login;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Draws QR codes: as terminal art that a phone can scan from a log, and as a PNG file.
 *
 * <p>The art uses half blocks, two module rows per text line, so a login URL fits in 80 columns. Light
 * modules are drawn with block characters and dark ones left blank, because logs are mostly read on dark
 * terminals: the blank cells show the dark background, and the blocks form the light quiet zone.
 */
public final class QrCodes {

    /** Light modules around the code; the QR specification asks for 4, phones read 2 well. */
    public static final int TERMINAL_QUIET_ZONE = 2;
    private static final int PNG_MODULE_PIXELS = 8;
    private static final int PNG_QUIET_ZONE = 4;

    private QrCodes() {
    }

    /** The modules of a QR code for this text, without quiet zone; {@code true} is dark. */
    public static BitMatrix encode(String content) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L,
                            EncodeHintType.MARGIN, 0,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code for a text of " + content.length() + " characters", e);
        }
    }

    /** Terminal art, one line per two module rows, lines separated by {@code \n}. */
    public static String terminalArt(BitMatrix modules) {
        int size = modules.getWidth() + 2 * TERMINAL_QUIET_ZONE;
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < size; y += 2) {
            for (int x = 0; x < size; x++) {
                boolean upperLight = isLight(modules, x, y);
                boolean lowerLight = y + 1 >= size || isLight(modules, x, y + 1);
                out.append(upperLight ? (lowerLight ? '█' : '▀') : (lowerLight ? '▄' : ' '));
            }
            if (y + 2 < size) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static boolean isLight(BitMatrix modules, int xWithQuiet, int yWithQuiet) {
        int x = xWithQuiet - TERMINAL_QUIET_ZONE;
        int y = yWithQuiet - TERMINAL_QUIET_ZONE;
        if (x < 0 || y < 0 || x >= modules.getWidth() || y >= modules.getHeight()) {
            return true;
        }
        return !modules.get(x, y);
    }

    /** Writes the code as a black-on-white PNG, atomically (a reader never sees half a file). */
    public static void writePng(BitMatrix modules, Path file) {
        int side = (modules.getWidth() + 2 * PNG_QUIET_ZONE) * PNG_MODULE_PIXELS;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int x = px / PNG_MODULE_PIXELS - PNG_QUIET_ZONE;
                int y = py / PNG_MODULE_PIXELS - PNG_QUIET_ZONE;
                boolean dark = x >= 0 && y >= 0 && x < modules.getWidth() && y < modules.getHeight() && modules.get(x, y);
                image.setRGB(px, py, dark ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".qr", ".png");
            ImageIO.write(image, "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the QR code to " + file, e);
        }
    }
}
