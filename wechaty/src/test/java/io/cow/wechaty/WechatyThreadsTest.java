package io.cow.wechaty;

import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.InMemoryChannelStateStore;
import io.cow.testkit.await.Await;
import io.cow.testkit.wechaty.PuppetPeer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.cow.wechaty.PeerBot.BOT_ID;
import static io.cow.wechaty.PeerBot.BOT_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How many threads a message passes through in the channel: none of its own. Each message is parsed and handed to the
 * bot on the transport's (gRPC's) thread, in the order the service sent them, and a reply goes out from the thread
 * that sends it.
 */
class WechatyThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "insecure_cow-threads-test";

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireThePeer() {
        var reason = PuppetPeer.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: the real Wechaty puppet service cannot run here: " + reason.orElse(""));
    }

    @Test
    void messagesReachTheBotOnTheTransportsThreadInOrderAndTheChannelStartsNoThreadPerMessage() throws Exception {
        try (PuppetPeer peer = PuppetPeer.start(new PuppetPeer.Options(PuppetPeer.freePort(), TOKEN, false, false, tmp.resolve("home")))) {
            peer.self(BOT_ID, BOT_NAME).contact("alice", "Alice").contact("bob", "Bob");
            Recording events = new Recording();
            WechatyChannel channel = (WechatyChannel) new WechatyChannelProvider().create(
                    WechatyConfig.from(PeerBot.settings(peer, TOKEN)),
                    new ChannelContext(WechatyChannel.TYPE, tmp.resolve("data"), new InMemoryChannelStateStore(), Clock.systemUTC()));
            try (channel) {
                channel.start(events);
                Await.until("the login", WAIT, () -> !events.logins.isEmpty());
                for (int i = 1; i <= 20; i++) {
                    peer.say(i % 2 == 0 ? "bob" : "alice", BOT_ID, "message " + i);
                }
                Await.until("20 messages", WAIT, () -> events.messages.size() >= 20);

                assertThat(events.messages).extracting(IncomingMessage::text)
                        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "message " + i).toList());
                assertThat(events.threads.keySet()).as("the threads that handed messages to the bot")
                        .allMatch(name -> name.startsWith("grpc-default-worker"));
                assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                        .noneMatch(name -> name.startsWith("wechaty-stream") || name.startsWith("wechaty-events"));

                channel.send(OutgoingMessage.to(events.messages.get(0).chat(), "a reply")).get(30, TimeUnit.SECONDS);
                assertThat(peer.awaitSent(1, WAIT)).extracting(PuppetPeer.Sent::text).containsExactly("a reply");
            }
        }
    }

    /** What the channel reported, and on which threads messages came. */
    private static final class Recording implements ChannelEvents {
        final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
        final List<BotAccount> logins = new CopyOnWriteArrayList<>();
        final Map<String, Integer> threads = new ConcurrentHashMap<>();

        @Override
        public void onMessage(IncomingMessage message) {
            threads.merge(Thread.currentThread().getName(), 1, Integer::sum);
            messages.add(message);
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
    }
}
