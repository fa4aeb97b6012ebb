package io.cow.core.pipeline;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.login.QrCodeLog;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.InMemorySeenMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BotObserverTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void observersSeeEveryOutcomeAndLoginEventAndAFailingOneDisturbsNothing() throws Exception {
        Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
        TestChannel channel = new TestChannel();
        Pipeline pipeline = new Pipeline(new PipelineOptions("bot", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START),
                List.of(), (messages, partial) -> new Answer("yes", 1, 1), new SystemPrompt("sys", clock), ConversationMemory.NONE,
                new InMemorySeenMessages(100), channel, clock);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Bot bot = new Bot(channel, pipeline, 2, 100, new QrCodeLog(dir))) {
            bot.observe(new BotObserver() {
                @Override
                public void handled(IncomingMessage message, Outcome outcome) {
                    throw new IllegalStateException("a broken observer");
                }

                @Override
                public void loggedIn(String channelName, BotAccount account) {
                    throw new IllegalStateException("a broken observer");
                }
            });
            bot.observe(new BotObserver() {
                @Override
                public void handled(IncomingMessage message, Outcome outcome) {
                    seen.add(message.id() + "=" + outcome);
                }

                @Override
                public void loginQrCode(String channelName, LoginQrCode qrCode) {
                    seen.add(channelName + " qr " + qrCode.content());
                }

                @Override
                public void loggedIn(String channelName, BotAccount account) {
                    seen.add(channelName + " in " + account.name());
                }

                @Override
                public void loggedOut(String channelName, String reason) {
                    seen.add(channelName + " out " + reason);
                }
            });
            bot.onLoginQrCode(new LoginQrCode("https://login.example/l/abc", null));
            bot.onLogin(new BotAccount("@me", "Botty"));
            bot.onMessage(message("1", "bot hello"));
            bot.onMessage(message("2", "no keyword"));
            assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();
            bot.onLogout("1101");

            assertThat(seen).containsExactly("test qr https://login.example/l/abc", "test in Botty", "1=ANSWERED",
                    "2=NOT_TRIGGERED", "test out 1101");
            assertThat(channel.texts()).containsExactly("yes");
            assertThat(bot.pendingMessages()).isZero();
        }
    }

    private static IncomingMessage message(String id, String text) {
        return IncomingMessage.text("test", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), text)
                .createdAt(START.plusSeconds(10)).build();
    }
}
