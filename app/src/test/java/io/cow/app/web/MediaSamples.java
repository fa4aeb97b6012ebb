package io.cow.app.web;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

/** Media made in the tests: small real PNGs and MP3-framed voice. */
public final class MediaSamples {

    private MediaSamples() {
    }

    public static byte[] png(int seed) throws IOException {
        return png(seed, 16, 12);
    }

    /** A PNG of random pixels: about 3 bytes a pixel, as noise does not compress. */
    public static byte[] png(int seed, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A SILK voice note as WeChat records it: the {@code #!SILK_V3} header, then frames. */
    public static byte[] silk(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0x02, '#', '!', 'S', 'I', 'L', 'K', '_', 'V', '3'});
        Random random = new Random(frames);
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[60];
            random.nextBytes(frame);
            frame[0] = 58;
            frame[1] = 0;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** An MP3 as a phone records it: an ID3v2 header, then MPEG audio frames (sync word 0xFFFB). */
    public static byte[] mp3(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0});
        Random random = new Random(frames);
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[417];
            random.nextBytes(frame);
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xFB;
            frame[2] = (byte) 0x90;
            frame[3] = 0x64;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

}
