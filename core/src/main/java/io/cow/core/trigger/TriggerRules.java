package io.cow.core.trigger;

import io.cow.core.message.IncomingMessage;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a message asks the bot something, and cuts the trigger off to leave the question
 * (contract rows 1–3).
 *
 * <p>Private chat: the text starts with the keyword, or the keyword is empty. Group chat: the text starts
 * with {@code @<bot name>}, one separator character (U+2005 from phones, a space from PCs, anything else),
 * then the keyword; or the transport says the bot is mentioned and the text starts with the keyword.
 * A quoted reply is judged by what follows its last quote separator line.
 */
public final class TriggerRules {

    /** The line WeChat puts between a quoted message and the reply to it. */
    public static final String QUOTE_SEPARATOR = "- - - - - - - - - - - - - - -";

    private final String keyword;

    public TriggerRules(String keyword) {
        this.keyword = keyword == null ? "" : keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** The question the message asks, with quote and trigger cut off; empty when it does not trigger. */
    public Optional<String> question(IncomingMessage message) {
        String text = afterQuote(message.text());
        Optional<String> body = message.isGroup() ? groupBody(text, message) : Optional.of(text);
        return body.flatMap(this::afterKeyword);
    }

    /** The text after the last quote separator, or the whole text when there is none. */
    public static String afterQuote(String text) {
        int at = text.lastIndexOf(QUOTE_SEPARATOR);
        if (at < 0) {
            return text;
        }
        return text.substring(at + QUOTE_SEPARATOR.length()).stripLeading();
    }

    private Optional<String> groupBody(String text, IncomingMessage message) {
        List<String> names = message.botNames().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String name : names) {
            String mention = "@" + name;
            if (text.startsWith(mention)) {
                String rest = text.substring(mention.length());
                return Optional.of(rest.isEmpty() ? "" : rest.substring(rest.offsetByCodePoints(0, 1)));
            }
        }
        return message.mentionsBot() ? Optional.of(text) : Optional.empty();
    }

    private Optional<String> afterKeyword(String body) {
        if (keyword.isEmpty()) {
            return Optional.of(body.strip());
        }
        return body.startsWith(keyword) ? Optional.of(body.substring(keyword.length()).strip()) : Optional.empty();
    }

    /**
     * Why a message does not trigger the bot, in words for the person who wrote it (and the debug log); call it for a
     * message whose {@link #question} is empty.
     */
    public String whyNot(IncomingMessage message) {
        if (!message.isGroup()) {
            return "a private message must start with the trigger keyword '" + keyword + "'";
        }
        String text = afterQuote(message.text());
        String bot = message.botNames().isEmpty() ? "<bot name>" : message.botNames().get(0);
        boolean mentioned = message.mentionsBot() || message.botNames().stream().anyMatch(name -> text.startsWith("@" + name));
        if (!mentioned) {
            return "a group message must start with @" + bot + (keyword.isEmpty() ? "" : " and then the trigger keyword '" + keyword + "'");
        }
        return "after @" + bot + " a group message must go on with the trigger keyword '" + keyword + "'";
    }

    /** How a private chat triggers the bot, for the start-up log. */
    public String privateTrigger() {
        return keyword.isEmpty() ? "(none: every private message is answered)" : keyword;
    }

    /** How a group chat triggers the bot, for the start-up log. */
    public String groupTrigger(String botName) {
        return "@" + botName + " " + keyword;
    }
}
