package io.cow.terminal;

import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalChannelTest {

    private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    private final List<BotAccount> logins = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private final ChannelEvents events = new ChannelEvents() {
        @Override
        public void onMessage(IncomingMessage message) {
            received.add(message);
        }

        @Override
        public void onLoginQrCode(LoginQrCode qrCode) {
        }

        @Override
        public void onLogin(BotAccount account) {
            logins.add(account);
        }

        @Override
        public void onLogout(String reason) {
        }
    };

    private TerminalChannel run(String input) throws Exception {
        TerminalChannel channel = new TerminalChannel("terminal", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(output, true, StandardCharsets.UTF_8), "Bot", "you", Clock.systemUTC(), false);
        channel.start(events);
        channel.finished().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return channel;
    }

    @Test
    void eachLineIsAPrivateMessageAndTheEndOfInputIsReported() throws Exception {
        run("hello\n\nsecond line\n");
        assertThat(logins).extracting(BotAccount::name).containsExactly("Bot");
        assertThat(received).extracting(IncomingMessage::text).containsExactly("hello", "second line");
        assertThat(received).allSatisfy(m -> {
            assertThat(m.chat().kind()).isEqualTo(ChatKind.PRIVATE);
            assertThat(m.sender().name()).isEqualTo("you");
        });
        assertThat(received.get(0).id()).isNotEqualTo(received.get(1).id());
    }

    @Test
    void groupModeMakesTheUserAMemberWhoCanMentionTheBot() throws Exception {
        run("/group Team\n@Bot hi\n/as Alice\n@Bot again\n/private\nback\n");
        assertThat(received).hasSize(3);
        IncomingMessage inGroup = received.get(0);
        assertThat(inGroup.chat().kind()).isEqualTo(ChatKind.GROUP);
        assertThat(inGroup.chat().title()).isEqualTo("Team");
        assertThat(inGroup.botNames()).containsExactly("Bot");
        assertThat(received.get(1).sender().name()).isEqualTo("Alice");
        assertThat(received.get(1).chat().id()).isEqualTo(inGroup.chat().id());
        assertThat(received.get(2).chat().kind()).isEqualTo(ChatKind.PRIVATE);
        assertThat(received.get(2).sender().name()).isEqualTo("Alice");
    }

    @Test
    void quitEndsTheInputEarly() throws Exception {
        run("one\n/quit\ntwo\n");
        assertThat(received).extracting(IncomingMessage::text).containsExactly("one");
    }

    @Test
    void answersArePrintedWithTheBotsNameAndTheGroup() throws Exception {
        TerminalChannel channel = run("/group Team\n@Bot q\n");
        channel.send(OutgoingMessage.to(received.get(0).chat(), "four"));
        channel.send(OutgoingMessage.to(Chat.privateChat("user:you", "you"), "five"));
        assertThat(output.toString(StandardCharsets.UTF_8).lines()).contains("[Team] Bot: four", "Bot: five");
    }
}
