package io.cow.core.reply;

import java.util.Locale;

/** What the bot does with the Markdown models answer in ({@code reply.markdown}). */
public enum MarkdownMode {
    /** Turned into plain text WeChat shows well: no {@code **}, {@code ###} or table pipes. */
    PLAIN,
    /** Sent as the model wrote it. */
    KEEP;

    public static MarkdownMode of(String setting) {
        return valueOf(setting.trim().toUpperCase(Locale.ROOT));
    }
}
