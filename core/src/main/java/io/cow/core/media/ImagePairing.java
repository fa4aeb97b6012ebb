package io.cow.core.media;

import io.cow.core.message.IncomingMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Pairs a picture with the question that follows it: the same person's next question in the same chat within the
 * window (in a group another member's question never takes it), or a question quoting a picture. In WeChat the
 * picture and the question are two messages, and in a group others may write in between.
 */
public final class ImagePairing {

    /** How WeChat shows a quoted picture in the quoting text: 「Name：[图片]」 or [Image] / [Photo] in other languages. */
    private static final Pattern QUOTED_IMAGE = Pattern.compile("\\[(图片|圖片|Image|Photo|Picture)]");

    private final Duration window;
    private final Duration keep;
    private final Clock clock;
    /** The newest picture of each person in each chat. */
    private final Map<String, Kept> bySender = new ConcurrentHashMap<>();
    /** The newest picture of each chat, for a question that quotes it. */
    private final Map<String, Kept> byChat = new ConcurrentHashMap<>();

    private record Kept(MediaFile file, String senderKey, Instant at) {
    }

    /**
     * @param window how long a picture waits for its sender's question
     * @param keep   how long a picture can still be quoted (the media retention)
     */
    public ImagePairing(Duration window, Duration keep, Clock clock) {
        this.window = window;
        this.keep = keep.compareTo(window) < 0 ? window : keep;
        this.clock = clock;
    }

    /** Keeps the picture for a question to come; an older one of the same person is let go. */
    public void keep(IncomingMessage message, MediaFile image) {
        Instant now = clock.instant();
        Kept kept = new Kept(image, message.sender().key(), now);
        Kept before = bySender.put(senderKey(message), kept);
        byChat.put(chatKey(message), kept);
        if (before != null && !byChat.containsValue(before)) {
            before.file().delete();
        }
        forgetOld(now);
    }

    /**
     * The picture this question is about, taken (it pairs once): a quoted picture of the chat, else the sender's
     * picture of the last {@code window}.
     */
    public Optional<MediaFile> take(IncomingMessage question) {
        Instant now = clock.instant();
        Kept kept = null;
        if (quotesImage(question.text())) {
            Kept newest = byChat.get(chatKey(question));
            if (newest != null && newest.at().plus(keep).isAfter(now)) {
                kept = newest;
            }
        }
        if (kept == null) {
            Kept own = bySender.get(senderKey(question));
            if (own != null && !own.at().plus(window).isBefore(now)) {
                kept = own;
            }
        }
        if (kept == null) {
            return Optional.empty();
        }
        Kept taken = kept;
        bySender.remove(senderKey(question), taken);
        byChat.remove(chatKey(question), taken);
        bySender.values().removeIf(k -> k == taken);
        return Optional.of(taken.file());
    }

    /** How many pictures wait for a question; for tests and the console. */
    public int waiting() {
        return bySender.size();
    }

    static boolean quotesImage(String text) {
        int rule = text.lastIndexOf(io.cow.core.trigger.TriggerRules.QUOTE_SEPARATOR);
        String quoted = rule >= 0 ? text.substring(0, rule) : text.startsWith("「") ? text : "";
        return QUOTED_IMAGE.matcher(quoted).find();
    }

    /** Lets go of pictures nobody can ask about any more; their files are deleted. */
    private void forgetOld(Instant now) {
        for (Iterator<Map.Entry<String, Kept>> it = byChat.entrySet().iterator(); it.hasNext(); ) {
            Kept k = it.next().getValue();
            if (!k.at().plus(keep).isAfter(now)) {
                it.remove();
                bySender.values().removeIf(s -> s == k);
                k.file().delete();
            }
        }
        bySender.values().removeIf(k -> k.at().plus(window).isBefore(now) && !byChat.containsValue(k) && deleted(k));
    }

    private static boolean deleted(Kept k) {
        k.file().delete();
        return true;
    }

    private static String senderKey(IncomingMessage m) {
        return chatKey(m) + '\n' + m.sender().key();
    }

    private static String chatKey(IncomingMessage m) {
        return m.channel() + '\n' + m.chat().key();
    }
}
