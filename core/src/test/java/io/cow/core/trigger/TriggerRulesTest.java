package io.cow.core.trigger;

import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerRulesTest {

    private static IncomingMessage privateText(String text) {
        return IncomingMessage.text("t", "1", Chat.privateChat("u", "Alice"), Sender.person("u", "Alice"), text).build();
    }

    private static IncomingMessage groupText(String text, boolean mentionsBot) {
        return IncomingMessage.text("t", "1", Chat.group("g", "Team"), Sender.person("u", "Alice"), text)
                .botNames("Bot", "Bot Display").mentionsBot(mentionsBot).build();
    }

    @ParameterizedTest(name = "private \"{0}\" with keyword \"{1}\" → \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "Hi bot: hello   | Hi bot: | hello",
            "Hi bot:hello    | Hi bot: | hello",
            "hello           | Hi bot: | NONE",
            "say Hi bot: x   | Hi bot: | NONE",
            "hello           | ''      | hello",
    })
    void privateChat(String text, String keyword, String expected) {
        assertThat(new TriggerRules(keyword).question(privateText(text))).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "group \"{0}\" with keyword \"{1}\" → \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "@Bot\u2005Hi bot: q          | Hi bot: | q",
            "@Bot Hi bot: q               | Hi bot: | q",
            "@Bot Display\u2005Hi bot: q  | Hi bot: | q",
            "@Bot,Hi bot: q               | Hi bot: | q",
            "Hi bot: q                    | Hi bot: | NONE",
            "@Bot q                       | Hi bot: | NONE",
            "@Other Hi bot: q             | Hi bot: | NONE",
            "@Bot q                       | ''      | q",
            "@Bot                         | ''      | ''",
            "hello @Bot q                 | ''      | NONE",
    })
    void groupChat(String text, String keyword, String expected) {
        assertThat(new TriggerRules(keyword).question(groupText(text, false))).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void aMentionReportedByTheTransportCountsWithoutTheNameInTheText() {
        TriggerRules rules = new TriggerRules("Hi bot:");
        assertThat(rules.question(groupText("Hi bot: q", true))).contains("q");
        assertThat(rules.question(groupText("q", true))).isEmpty();
    }

    @Test
    void aQuotedReplyIsJudgedByWhatFollowsTheLastSeparator() {
        String quoted = "「Alice: Hi bot: old question」\n" + TriggerRules.QUOTE_SEPARATOR + "\n"
                + "「Bob: older」\n" + TriggerRules.QUOTE_SEPARATOR + "\nHi bot: new question";
        assertThat(new TriggerRules("Hi bot:").question(privateText(quoted))).contains("new question");
        assertThat(new TriggerRules("Hi bot:").question(privateText("「Alice: Hi bot: x」\n" + TriggerRules.QUOTE_SEPARATOR + "\nthanks")))
                .isEmpty();
    }

    @Test
    void startupDescriptionsNameBothTriggers() {
        assertThat(new TriggerRules("Hi bot:").privateTrigger()).isEqualTo("Hi bot:");
        assertThat(new TriggerRules("Hi bot:").groupTrigger("Bot")).isEqualTo("@Bot Hi bot:");
        assertThat(new TriggerRules("").privateTrigger()).contains("every private message");
    }
}
