package io.cow.ilink.media;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The CDN's cipher: AES-128-ECB with PKCS#7 padding, one random 16-byte key per file. */
public final class AesEcb {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AesEcb() {
    }

    public static byte[] encrypt(byte[] key, byte[] plain) {
        return run(Cipher.ENCRYPT_MODE, key, plain);
    }

    /**
     * @throws IllegalArgumentException when the data was not encrypted with this key (bad padding or length)
     */
    public static byte[] decrypt(byte[] key, byte[] cipherText) {
        return run(Cipher.DECRYPT_MODE, key, cipherText);
    }

    /** The ciphertext size of a plaintext of {@code plainSize} bytes: {@code ceil((n+1)/16)*16}. */
    public static long cipherSize(long plainSize) {
        return (plainSize / 16 + 1) * 16;
    }

    /** A new random 16-byte value (a key or a file key). */
    public static byte[] random16() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    private static byte[] run(int mode, byte[] key, byte[] data) {
        if (key.length != 16) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes, not " + key.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(key, "AES"));
            return cipher.doFinal(data);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new IllegalArgumentException("the data does not decrypt with this key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/PKCS5Padding is missing from this Java runtime", e);
        }
    }
}
