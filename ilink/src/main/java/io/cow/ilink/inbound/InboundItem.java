package io.cow.ilink.inbound;

/**
 * One item of a message's {@code item_list}.
 *
 * @param type     1 text, 2 image, 3 voice, 4 file, 5 video (others are kept as their number)
 * @param msgId    the item's {@code msg_id}, may be empty
 * @param text     the text of a text item, or the server's transcription of a voice item
 * @param media    the encrypted file of an image, voice, file or video item, or null
 * @param fileName the name of a file item
 */
public record InboundItem(int type, String msgId, String text, MediaRef media, String fileName) {

    public static final int TEXT = 1;
    public static final int IMAGE = 2;
    public static final int VOICE = 3;
    public static final int FILE = 4;
    public static final int VIDEO = 5;
}
