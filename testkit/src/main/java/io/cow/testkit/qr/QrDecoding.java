package io.cow.testkit.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads QR codes back, as a phone would: from a PNG file, or from the half-block terminal art printed in a
 * log (blocks are light modules, blanks are dark ones, two module rows per line).
 */
public final class QrDecoding {

    private static final int SCALE = 6;

    private QrDecoding() {
    }

    /** The text of the QR code in a PNG file. */
    public static String decodePng(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not an image");
        }
        return decode(image);
    }

    /** The text of the QR code in an encoded image (PNG, JPEG, ...), such as one a channel was sent. */
    public static String decodeImage(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null) {
            throw new IOException("the " + encoded.length + " bytes are not an image");
        }
        return decode(image);
    }

    /** The text of the QR code drawn in the last block of terminal art found in this log text. */
    public static String decodeTerminalArt(String logText) {
        List<String> art = lastArtBlock(logText);
        if (art.isEmpty()) {
            throw new AssertionError("no QR code art found in the log");
        }
        int width = art.stream().mapToInt(String::length).max().orElse(0);
        int height = art.size() * 2;
        int border = 2;
        int side = Math.max(width, height) + 2 * border;
        BufferedImage image = new BufferedImage(side * SCALE, side * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean light = isLight(art, x - border, y - border);
                fill(image, x, y, light ? 0xFFFFFF : 0x000000);
            }
        }
        try {
            return decode(image);
        } catch (IOException e) {
            throw new AssertionError("the terminal art is not a readable QR code", e);
        }
    }

    /** The lines of the last QR art block in the text (lines made only of block characters and spaces). */
    public static List<String> lastArtBlock(String logText) {
        List<String> block = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (String line : logText.split("\n", -1)) {
            String l = line.replace("\r", "");
            if (l.length() >= 21 && l.chars().allMatch(c -> c == '█' || c == '▀' || c == '▄' || c == ' ')
                    && l.chars().anyMatch(c -> c != ' ')) {
                block.add(l);
            } else {
                if (!block.isEmpty()) {
                    last = block;
                }
                block = new ArrayList<>();
            }
        }
        return block.isEmpty() ? last : block;
    }

    private static boolean isLight(List<String> art, int x, int moduleRow) {
        if (x < 0 || moduleRow < 0 || moduleRow / 2 >= art.size()) {
            return true;
        }
        String line = art.get(moduleRow / 2);
        if (x >= line.length()) {
            return true;
        }
        char c = line.charAt(x);
        boolean upper = moduleRow % 2 == 0;
        return switch (c) {
            case '█' -> true;
            case '▀' -> upper;
            case '▄' -> !upper;
            default -> false;
        };
    }

    private static void fill(BufferedImage image, int x, int y, int rgb) {
        for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
                image.setRGB(x * SCALE + dx, y * SCALE + dy, rgb);
            }
        }
    }

    private static String decode(BufferedImage image) throws IOException {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        LuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        try {
            Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            return result.getText();
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            // ZXing's finder-pattern detector misses about 1 in 300 perfectly drawn codes (seen with random
            // login URLs); the images here are pure codes on a quiet zone, which its pure-barcode mode reads.
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException pure) {
                e.addSuppressed(pure);
                throw new IOException("no readable QR code in the image", e);
            }
        }
    }
}
