package io.cow.core.login;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Draws QR codes: as terminal art that a phone can scan from a log, and as a PNG image.
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

    /**
     * The code as a black-on-white PNG. Encoded here (1-bit greyscale) rather than with ImageIO, whose first use
     * loads AWT and costs about half a second at start-up, before the owner sees the QR code.
     */
    public static byte[] png(BitMatrix modules) {
        try {
            return encodePng(modules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a QR code as PNG", e);
        }
    }

    private static byte[] encodePng(BitMatrix modules) throws IOException {
        int side = (modules.getWidth() + 2 * PNG_QUIET_ZONE) * PNG_MODULE_PIXELS;
        int rowBytes = (side + 7) / 8;
        ByteArrayOutputStream raw = new ByteArrayOutputStream((rowBytes + 1) * side);
        for (int py = 0; py < side; py++) {
            raw.write(0);
            byte[] row = new byte[rowBytes];
            for (int px = 0; px < side; px++) {
                int x = px / PNG_MODULE_PIXELS - PNG_QUIET_ZONE;
                int y = py / PNG_MODULE_PIXELS - PNG_QUIET_ZONE;
                boolean dark = x >= 0 && y >= 0 && x < modules.getWidth() && y < modules.getHeight() && modules.get(x, y);
                if (!dark) {
                    row[px / 8] |= (byte) (0x80 >>> (px % 8));
                }
            }
            raw.write(row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 1).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", header.array());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
            raw.writeTo(deflate);
        }
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
