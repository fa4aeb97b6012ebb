package io.cow.core.chat;

import io.cow.core.conversation.GroupScope;

import java.util.Optional;

/**
 * What one {@code chats:} entry sets for the chats it matches; what it leaves out comes from the general settings.
 *
 * @param profile      the model profile's name
 * @param systemPrompt the system prompt (persona); {@code {date}} is replaced by today's date
 * @param keyword      the trigger keyword
 * @param memoryScope  in groups: one conversation per member or one for the group
 */
public record ChatRule(Optional<String> profile, Optional<String> systemPrompt, Optional<String> keyword,
                       Optional<GroupScope> memoryScope) {

    public static final ChatRule EMPTY = new ChatRule(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
