package io.cow.core.media;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;

import java.time.Duration;
import java.util.List;

import static io.cow.core.config.SettingTypes.bool;
import static io.cow.core.config.SettingTypes.duration;
import static io.cow.core.config.SettingTypes.integer;
import static io.cow.core.config.SettingTypes.string;

/** Pictures, voice and files: the {@code vision.*}, {@code voice.*}, {@code draw.*} and {@code media.*} settings. */
public final class MediaSettings {

    private MediaSettings() {
    }

    private static final int MIB = 1024 * 1024;

    public static final Setting<String> VISION_PROFILE = Setting.of("vision.profile", string(), "",
            "model profile that answers questions about pictures; empty: the chat's own profile");

    public static final Setting<Duration> VISION_PAIR_WINDOW = Setting.of("vision.pairWindow",
            duration(Duration.ofSeconds(1), Duration.ofDays(1)), Duration.ofMinutes(2),
            "a picture and the same person's next question within this time are asked together");

    public static final Setting<Boolean> VISION_ANSWER_BARE_IMAGES = Setting.of("vision.answerBareImages", bool(), false,
            "private chats: describe a picture sent without a question (false: wait for a question)");

    public static final Setting<String> VOICE_PROFILE = Setting.of("voice.profile", string(), "",
            "model profile of an OpenAI-compatible /audio/transcriptions endpoint (e.g. whisper-1); empty: voice messages "
                    + "are answered only where the transport transcribes them (iLink)");

    public static final Setting<Boolean> VOICE_REQUIRE_KEYWORD = Setting.of("voice.requireKeyword", bool(), false,
            "private chats: a voice message must start with the trigger keyword too (groups always need it)");

    public static final Setting<Boolean> VOICE_ECHO_TRANSCRIPT = Setting.of("voice.echoTranscript", bool(), true,
            "the answer to a voice message starts with what was heard");

    public static final Setting<List<String>> DRAW_PREFIXES = Setting.of("draw.prefixes", SettingTypes.stringList(),
            List.of("画", "draw"), "a question starting with one of these (after the trigger) is drawn as a picture");

    public static final Setting<String> DRAW_PROFILE = Setting.of("draw.profile", string(), "",
            "model profile of an OpenAI-compatible image API (gpt-image-1, dall-e-3, ...); empty: drawing is off");

    public static final Setting<Integer> MAX_IMAGE_BYTES = Setting.of("media.maxBytes.image", integer(1, Integer.MAX_VALUE),
            20 * MIB, "largest picture the bot downloads, in bytes; larger ones are skipped");

    public static final Setting<Integer> MAX_VOICE_BYTES = Setting.of("media.maxBytes.voice", integer(1, Integer.MAX_VALUE),
            10 * MIB, "largest voice message the bot downloads, in bytes");

    public static final Setting<Integer> MAX_VIDEO_BYTES = Setting.of("media.maxBytes.video", integer(1, Integer.MAX_VALUE),
            50 * MIB, "largest video the bot downloads, in bytes");

    public static final Setting<Integer> MAX_FILE_BYTES = Setting.of("media.maxBytes.file", integer(1, Integer.MAX_VALUE),
            50 * MIB, "largest file the bot downloads, in bytes");

    public static final Setting<Duration> RETENTION = Setting.of("media.retention",
            duration(Duration.ofSeconds(1), Duration.ofDays(365)), Duration.ofDays(1),
            "downloaded media not needed any more are deleted from the data folder after this time at the latest");

    public static final Setting<Integer> REPLY_LONG_AS_FILE_ABOVE = Setting.of("reply.longAsFileAbove", integer(0, Integer.MAX_VALUE), 0,
            "answers longer than this many characters are sent as a text file where the channel can send files; 0: off");

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(VISION_PROFILE, VISION_PAIR_WINDOW, VISION_ANSWER_BARE_IMAGES, VOICE_PROFILE, VOICE_REQUIRE_KEYWORD,
                VOICE_ECHO_TRANSCRIPT, DRAW_PREFIXES, DRAW_PROFILE, MAX_IMAGE_BYTES, MAX_VOICE_BYTES, MAX_VIDEO_BYTES,
                MAX_FILE_BYTES, RETENTION, REPLY_LONG_AS_FILE_ABOVE);
    }
}
