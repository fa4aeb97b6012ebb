package io.cow.core.conversation;

import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;

import java.time.Duration;
import java.util.Locale;

/**
 * How the bot remembers conversations, read once from the settings.
 *
 * @param enabled       remember at all; when false every question is asked alone, as the original bot did
 * @param groupScope    one conversation per member of a group, or one for the whole group
 * @param historyTokens the most tokens of earlier turns sent along with a question
 * @param expireAfter   a conversation silent this long is forgotten
 */
public record MemoryOptions(boolean enabled, GroupScope groupScope, int historyTokens, Duration expireAfter) {

    public static MemoryOptions from(Settings settings) {
        return new MemoryOptions(
                settings.get(CoreSettings.MEMORY_ENABLED),
                GroupScope.valueOf(settings.get(CoreSettings.MEMORY_GROUP_SCOPE).toUpperCase(Locale.ROOT)),
                settings.get(CoreSettings.MEMORY_HISTORY_TOKENS),
                settings.get(CoreSettings.MEMORY_EXPIRE_AFTER));
    }
}
