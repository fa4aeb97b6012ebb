package io.cow.core.chat;

import io.cow.core.conversation.GroupScope;

/**
 * How the bot treats one chat: which model profile answers, with which system prompt, on which trigger keyword,
 * and who shares a conversation in a group.
 *
 * @param profile      the model profile's name
 * @param systemPrompt the system prompt template ({@code {date}} not yet replaced)
 * @param keyword      the trigger keyword
 * @param memoryScope  in groups: one conversation per member or one for the whole group
 */
public record ChatProfile(String profile, String systemPrompt, String keyword, GroupScope memoryScope) {
}
