package io.cow.testkit.ilink;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The CDN's cipher as the server applies it: AES-128-ECB with PKCS#7, and MD5 checks. */
public final class SimCrypto {

    private SimCrypto() {
    }

    public static byte[] encrypt(byte[] key, byte[] plain) {
        return run(Cipher.ENCRYPT_MODE, key, plain);
    }

    /** @throws IllegalArgumentException when the ciphertext does not decrypt with this key */
    public static byte[] decrypt(byte[] key, byte[] cipherText) {
        return run(Cipher.DECRYPT_MODE, key, cipherText);
    }

    public static long cipherSize(long plainSize) {
        return (plainSize / 16 + 1) * 16;
    }

    public static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] run(int mode, byte[] key, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(key, "AES"));
            return cipher.doFinal(data);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new IllegalArgumentException("does not decrypt: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
