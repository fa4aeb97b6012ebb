package io.cow.core.store;

import java.util.Objects;

/**
 * Whose tokens: a person in a chat, asking one model.
 *
 * @param channel   the channel's name
 * @param chatKey   the chat's stable key
 * @param memberKey the stable key of the person who asked
 * @param model     the model that answered
 */
public record UsageKey(String channel, String chatKey, String memberKey, String model) {

    public UsageKey {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatKey, "chatKey");
        memberKey = memberKey == null ? "" : memberKey;
        model = model == null ? "" : model;
    }
}
