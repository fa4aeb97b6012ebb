package io.cow.core.media;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.channel.Channel;
import io.cow.core.config.Settings;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.model.Answer;
import io.cow.core.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The pipeline's stage for pictures and voice: takes a message's attachment in (downloaded and checked by the
 * {@link MediaLibrary}), keeps pictures for the question that follows, turns voice into text, and tells the pipeline
 * when a question is about a picture or asks for a drawing. Without a library (tests, tools) attachments are noise,
 * as before.
 */
public final class MediaStage {

    private static final Logger log = LoggerFactory.getLogger(MediaStage.class);
    /**
     * Picture bytes in model requests at once, in KiB. A request holds a picture several times over (bytes, base64,
     * the JSON body), so 20 questions about 5 MB pictures at once would need half a gigabyte; past this budget a
     * question waits for an earlier one's request to be answered.
     */
    static final int PICTURE_BUDGET_KIB = 8 * 1024;
    /** What a bare picture is asked, when bare pictures are answered. */
    static final String BARE_IMAGE_QUESTION = "请描述这张图片。Describe this picture.";

    private final Options options;
    private final MediaLibrary library;
    private final Transcriber transcriber;
    private final Drawer drawer;
    private final ImagePairing pairing;
    private final UsageMeter usage;
    private final java.util.concurrent.Semaphore pictureBudget = new java.util.concurrent.Semaphore(PICTURE_BUDGET_KIB, true);

    /**
     * How the stage behaves.
     *
     * @param visionProfile     the profile asked about pictures, or empty for the chat's own
     * @param answerBareImages  describe a picture that comes without a question (private chats)
     * @param requireKeyword    a private voice message needs the keyword too
     * @param echoTranscript    the answer to a voice message starts with what was heard
     * @param drawPrefixes      questions starting with one of these are drawn
     * @param longAsFileAbove   answers longer than this many characters go as a text file; 0: never
     */
    public record Options(String visionProfile, boolean answerBareImages, boolean requireKeyword, boolean echoTranscript,
                          List<String> drawPrefixes, int longAsFileAbove) {

        public static Options from(Settings settings) {
            return new Options(settings.get(MediaSettings.VISION_PROFILE).strip(),
                    settings.get(MediaSettings.VISION_ANSWER_BARE_IMAGES), settings.get(MediaSettings.VOICE_REQUIRE_KEYWORD),
                    settings.get(MediaSettings.VOICE_ECHO_TRANSCRIPT), settings.get(MediaSettings.DRAW_PREFIXES),
                    settings.get(MediaSettings.REPLY_LONG_AS_FILE_ABOVE));
        }
    }

    /** What became of a message with an attachment. */
    public sealed interface Taken {
        /** Go on with this message: text, or a voice message turned into its transcript. */
        record Pass(IncomingMessage message) implements Taken {
        }

        /** A picture, kept for the question that may follow. */
        record Kept() implements Taken {
        }

        /** Not taken; the reason was logged. */
        record Skipped(String reason) implements Taken {
        }

        /** A picture to describe at once (bare pictures are answered). */
        record AskAbout(String question, MediaFile image) implements Taken {
        }
    }

    /**
     * @param transcriber null when no transcription endpoint is configured
     * @param drawer      null when drawing is off
     */
    public MediaStage(Options options, MediaLibrary library, Transcriber transcriber, Drawer drawer, ImagePairing pairing,
                      UsageMeter usage) {
        this.options = options;
        this.library = library;
        this.transcriber = transcriber;
        this.drawer = drawer;
        this.pairing = pairing;
        this.usage = usage;
    }

    /** No media handling: attachments are noise, nothing is drawn. */
    public static MediaStage none() {
        return new MediaStage(new Options("", false, false, true, List.of(), 0), null, null, null,
                new ImagePairing(java.time.Duration.ofMinutes(2), java.time.Duration.ofMinutes(2), Clock.systemUTC()), UsageMeter.NONE);
    }

    /** Whether this stage takes the message's attachment (the pipeline's noise filter sees the others). */
    public boolean takes(IncomingMessage message) {
        if (library == null || message.fromSelf() || message.media().isEmpty()
                || message.sender().kind() != io.cow.core.message.SenderKind.PERSON) {
            return false;
        }
        MessageKind kind = message.attachment().kind();
        return kind == MessageKind.IMAGE || kind == MessageKind.FILE || kind == MessageKind.VOICE && (transcriber != null || !message.attachment().transcript().isBlank());
    }

    /** Takes the message's attachment in; call when {@link #takes} said so, on a worker thread (it downloads). */
    public Taken take(Channel channel, IncomingMessage message) throws InterruptedException {
        if (message.attachment().kind() == MessageKind.VOICE && !message.attachment().transcript().isBlank()) {
            log.info("🎤 Voice message from {} with the transport's transcript", who(message));
            return new Taken.Pass(message.asText(message.attachment().transcript().strip()));
        }
        MediaFile file;
        try {
            file = library.take(channel, message);
        } catch (MediaLibrary.MediaRejectedException e) {
            log.warn("⚠️ Skipped the {} from {}: {}", kindName(message), who(message), e.getMessage());
            return new Taken.Skipped(e.getMessage());
        }
        if (message.attachment().kind() == MessageKind.VOICE) {
            return transcribe(message, file);
        }
        if (message.attachment().kind() == MessageKind.FILE && !file.mediaType().startsWith("image/")) {
            // Pictures sent as files are pictures; other files (PDF, ZIP, ...) the bot does not read yet.
            file.delete();
            log.info("📎 Skipped the file from {}: a {} file; only pictures and voice are answered", who(message), file.mediaType());
            return new Taken.Skipped("a " + file.mediaType() + " file");
        }
        if (options.answerBareImages() && !message.isGroup()) {
            log.info("🖼️ Picture from {}: described without a question", who(message));
            return new Taken.AskAbout(BARE_IMAGE_QUESTION, file);
        }
        pairing.keep(message, file);
        log.info("🖼️ Picture from {} ({}, {} bytes) kept for a question", who(message), file.mediaType(), file.size());
        return new Taken.Kept();
    }

    private Taken transcribe(IncomingMessage message, MediaFile voice) {
        try {
            String text = transcriber.transcribe(voice).strip();
            usage.record(message, List.of(UserMessage.from("[voice]")), new Answer(text, -1, -1, transcriber.profile()));
            if (text.isEmpty()) {
                log.warn("⚠️ Skipped the voice message from {}: nothing was heard", who(message));
                return new Taken.Skipped("nothing was heard");
            }
            log.info("🎤 Voice message from {} heard as: {}", who(message), text);
            return new Taken.Pass(message.asText(text));
        } catch (MediaCallException e) {
            log.error("❌ Could not transcribe the voice message from {}: {}", who(message), e.getMessage());
            return new Taken.Skipped("transcription failed: " + e.getMessage());
        } finally {
            voice.delete();
        }
    }

    /** Whether the message was a voice message, now its transcript. */
    public static boolean isTranscribedVoice(IncomingMessage message) {
        return message.kind() == MessageKind.TEXT && message.media().map(a -> a.kind() == MessageKind.VOICE).orElse(false);
    }

    /**
     * The question of a transcribed voice message: a voice message cannot @-mention the bot, so in a private chat it
     * is a question as it is (unless {@code voice.requireKeyword}), and anywhere else it must start with the keyword.
     */
    public Optional<String> voiceQuestion(IncomingMessage message, String keyword) {
        String text = message.text().strip();
        if (!keyword.isEmpty() && text.startsWith(keyword)) {
            return Optional.of(text.substring(keyword.length()).strip());
        }
        if (!message.isGroup() && (!options.requireKeyword() || keyword.isEmpty())) {
            return Optional.of(text);
        }
        return Optional.empty();
    }

    /** Answers longer than this many characters go as a text file where the channel can send files; 0: never. */
    public int longAsFileAbove() {
        return options.longAsFileAbove();
    }

    public boolean echoTranscript() {
        return options.echoTranscript();
    }

    /** The picture this question is about, if any: the asker's recent one, or a quoted one. */
    public Optional<MediaFile> pairedImage(IncomingMessage question) {
        return library == null ? Optional.empty() : pairing.take(question);
    }

    /** The profile that answers about a picture. */
    public String visionProfile(String chatProfile) {
        return options.visionProfile().isEmpty() ? chatProfile : options.visionProfile();
    }

    /**
     * Waits until the picture fits in the memory budget of pictures in model requests; the returned action gives its
     * share back (call it once the request is answered or failed, from any thread).
     */
    public Runnable reserve(MediaFile image) throws InterruptedException {
        int kib = (int) Math.max(1, Math.min(PICTURE_BUDGET_KIB, (image.size() + 1023) / 1024));
        if (!pictureBudget.tryAcquire(kib)) {
            log.debug("A picture of {} KiB waits for memory held by earlier pictures' requests", kib);
            pictureBudget.acquire(kib);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                pictureBudget.release(kib);
            }
        };
    }

    /** The question as the model gets it with the picture: one user message with the text and the image. */
    public static UserMessage withImage(String question, MediaFile image) throws IOException {
        String base64 = Base64.getEncoder().encodeToString(image.bytes());
        return UserMessage.from(TextContent.from(question), ImageContent.from(base64, image.mediaType()));
    }

    /** What the conversation memory keeps instead of the picture's bytes. */
    public static String placeholder(String question) {
        return "[图片 / picture] " + question;
    }

    /** The description to draw, when the question asks for a drawing and drawing is on. */
    public Optional<String> drawPrompt(String question) {
        if (drawer == null) {
            return Optional.empty();
        }
        String lower = question.toLowerCase(Locale.ROOT);
        for (String prefix : options.drawPrefixes()) {
            if (!prefix.isBlank() && lower.startsWith(prefix.toLowerCase(Locale.ROOT)) && !midWord(question, prefix.length())) {
                String prompt = question.substring(prefix.length()).replaceFirst("^[\\s:：,，]+", "").strip();
                return prompt.isEmpty() ? Optional.empty() : Optional.of(prompt);
            }
        }
        return Optional.empty();
    }

    /** "draw" must not match "drawing" or "drawer": a Latin prefix needs a non-letter after it. */
    private static boolean midWord(String text, int end) {
        return end < text.length() && Character.isLetter(text.charAt(end)) && text.charAt(end) < 0x80
                && Character.isLetter(text.charAt(end - 1)) && text.charAt(end - 1) < 0x80;
    }

    /** Draws the picture; counted as one request of the drawing profile. */
    public CompletableFuture<Drawer.Picture> draw(IncomingMessage message, String prompt) {
        log.info("🎨 Drawing for {}: {}", who(message), prompt);
        return drawer.draw(prompt).whenComplete((picture, error) -> {
            if (error == null) {
                usage.record(message, List.of(UserMessage.from(prompt)), new Answer("", 0, 0, drawer.profile()));
            }
        });
    }

    private static String kindName(IncomingMessage message) {
        return switch (message.attachment().kind()) {
            case IMAGE -> "picture";
            case VOICE -> "voice message";
            default -> message.attachment().kind().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String who(IncomingMessage message) {
        return message.isGroup() ? message.sender().name() + " in group " + message.chat().title()
                : message.chat().title().isEmpty() ? message.sender().name() : message.chat().title();
    }
}
