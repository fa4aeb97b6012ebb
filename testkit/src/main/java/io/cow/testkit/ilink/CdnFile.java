package io.cow.testkit.ilink;

/**
 * A file on the simulated CDN, or announced for upload.
 *
 * @param ownerBotId  the bot that uploaded it, or null for files users sent
 * @param toUser      the recipient named at upload
 * @param mediaType   1 image, 2 video, 3 file, 4 voice
 * @param fileKey     the upload's {@code filekey}
 * @param key         the AES key
 * @param rawSize     plaintext size
 * @param rawMd5      plaintext MD5 (hex)
 * @param cipherSize  ciphertext size
 * @param cipherText  the stored ciphertext (null until uploaded)
 * @param plain       the decrypted content (null until uploaded)
 */
record CdnFile(String ownerBotId, String toUser, int mediaType, String fileKey, byte[] key, long rawSize, String rawMd5,
               long cipherSize, byte[] cipherText, byte[] plain) {

    CdnFile withContent(byte[] cipherText, byte[] plain) {
        return new CdnFile(ownerBotId, toUser, mediaType, fileKey, key, rawSize, rawMd5, cipherSize, cipherText, plain);
    }
}
