package io.cow.testkit.web;

/**
 * A picture or file the bot uploaded and then sent, as the simulator accepted it.
 *
 * @param chat     where it went
 * @param msgType  3 for a picture (webwxsendmsgimg), 6 for a file (webwxsendappmsg)
 * @param data     the uploaded bytes, put together from their chunks (their MD5 matched {@code FileMd5})
 * @param fileName the upload's {@code name}
 * @param chunks   how many chunks the upload came in
 */
public record SentMedia(SimChat chat, int msgType, byte[] data, String fileName, int chunks) {
}
