package io.cow.wechaty;

import com.sun.net.httpserver.HttpServer;
import io.cow.core.config.Settings;
import io.cow.core.net.ProxySettings;
import io.cow.core.secret.Secrets;
import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.net.TestProxy;
import io.cow.testkit.wechaty.PuppetPeer;
import io.cow.testkit.wechaty.PuppetPeer.Call;
import io.cow.testkit.wechaty.PuppetPeer.Sent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cow.wechaty.PeerBot.BOT_ID;
import static io.cow.wechaty.PeerBot.BOT_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The wechaty channel against the real Wechaty puppet service from npm (PuppetServer + PuppetMock). */
class WechatyChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "insecure_cow-test-token";
    private static final String ROOM = "team@chatroom";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void requireThePeer() {
        var reason = PuppetPeer.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: the real Wechaty puppet service cannot run here: " + reason.orElse(""));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private PuppetPeer peer(int port, String token, boolean tls) {
        PuppetPeer peer = PuppetPeer.start(new PuppetPeer.Options(port, token, tls, true, tmp.resolve("home")));
        toClose.add(peer);
        return peer;
    }

    /** A peer with the bot, Alice, Bob and a room of the three. */
    private PuppetPeer scriptedPeer(int port) {
        PuppetPeer peer = peer(port, TOKEN, false);
        peer.self(BOT_ID, BOT_NAME).contact("alice", "Alice").contact("bob", "Bob")
                .room(ROOM, "Team", List.of(BOT_ID, "alice", "bob"));
        return peer;
    }

    private PeerBot bot(Settings settings) {
        PeerBot bot = PeerBot.start(settings, tmp.resolve("data"));
        toClose.add(bot);
        return bot;
    }

    private static void awaitLogin(PeerBot bot) {
        Await.until("the bot to log in", WAIT, () -> bot.bot.account().isPresent());
    }

    @Test
    void answersAPrivateMessageThatStartsWithTheKeywordAndNoOther() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN));
        awaitLogin(bot);
        assertThat(bot.bot.account().orElseThrow().name()).isEqualTo(BOT_NAME);

        peer.say("alice", BOT_ID, "hello without the keyword");
        peer.say("alice", BOT_ID, "Hi bot: what is gRPC?");

        // replies to one chat go out in order, so a reply to the first message would come before this one
        List<Sent> sent = peer.awaitSent(1, WAIT);
        assertThat(sent.get(0)).isEqualTo(new Sent("alice", "Echo: what is gRPC?", List.of()));
        peer.say("alice", BOT_ID, "Hi bot: second");
        assertThat(peer.awaitSent(2, WAIT)).extracting(Sent::text).containsExactly("Echo: what is gRPC?", "Echo: second");
    }

    @Test
    void reachesTheServiceThroughAnHttpProxysConnectTunnel() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        TestProxy proxy = TestProxy.start();
        toClose.add(proxy);
        // localhost is never proxied, so the service gets a name only the proxy knows
        proxy.route("puppet.test", peer.options().port());
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN)
                .with(WechatySettings.ENDPOINT, "puppet.test:" + peer.options().port())
                .plus(ProxySettings.all())
                .with(ProxySettings.PROXY, proxy.url()));
        awaitLogin(bot);

        peer.say("alice", BOT_ID, "Hi bot: through the proxy?");

        assertThat(peer.awaitSent(1, WAIT)).extracting(Sent::text).containsExactly("Echo: through the proxy?");
        assertThat(proxy.requests()).contains("CONNECT puppet.test:" + peer.options().port());
    }

    @Test
    void theOwnerIsReachedInFileTransferOrAsAContactTheBotHasSeen() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN));
        awaitLogin(bot);
        assertThat(bot.channel.ownerChat("")).map(io.cow.core.message.Chat::id).contains(WechatyChannel.FILE_TRANSFER);
        assertThat(bot.channel.ownerChat("Alice")).as("not seen yet").isEmpty();

        peer.say("alice", BOT_ID, "Hi bot: hello");
        peer.awaitSent(1, WAIT);
        assertThat(bot.channel.ownerChat("Alice")).map(io.cow.core.message.Chat::id).contains("alice");
        assertThat(bot.channel.ownerChat("Nobody")).isEmpty();
    }

    @Test
    void answersAGroupMentionInTheGroupWithTheAskerMentionedAndIgnoresTheRest() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN));
        awaitLogin(bot);

        peer.say("bob", ROOM, "Hi bot: nobody mentioned you");
        peer.say("alice", ROOM, "@" + BOT_NAME + "\u2005Hi bot: what time is it?", BOT_ID);

        List<Sent> sent = peer.awaitSent(1, WAIT);
        assertThat(sent.get(0).conversationId()).isEqualTo(ROOM);
        assertThat(sent.get(0).text()).isEqualTo("what time is it?\n----------\nEcho: what time is it?");
        assertThat(sent.get(0).mentionIds()).containsExactly("alice");

        // the mention in the metadata (mention_ids) is enough, without the bot's name in the text
        peer.say("bob", ROOM, "Hi bot: via metadata", BOT_ID);
        List<Sent> after = peer.awaitSent(2, WAIT);
        assertThat(after).hasSize(2);
        assertThat(after.get(1)).isEqualTo(new Sent(ROOM, "via metadata\n----------\nEcho: via metadata", List.of("bob")));
    }

    @Test
    void theBotsOwnEchoedMessagesCauseNothing() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        // no keyword: every private message would be answered, the bot's own echoes included, were they not recognised
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN).with(io.cow.core.config.CoreSettings.TRIGGER_KEYWORD, ""));
        awaitLogin(bot);

        peer.say("alice", BOT_ID, "one");
        peer.awaitSent(1, WAIT);
        // the mock posts every text the bot sends back as a message event from the bot: one, its echo, two
        peer.say("alice", BOT_ID, "two");
        peer.awaitCalls("messagePayload", 3, WAIT);

        List<Sent> sent = peer.awaitSent(2, WAIT);
        assertThat(sent).extracting(Sent::text).containsExactly("Echo: one", "Echo: two");
        peer.say("alice", BOT_ID, "three");
        assertThat(peer.awaitSent(3, WAIT)).extracting(Sent::text).containsExactly("Echo: one", "Echo: two", "Echo: three");
    }

    @Test
    void reconnectsByItselfWhenTheServiceIsKilledAndStartedAgain() {
        int port = PuppetPeer.freePort();
        PuppetPeer first = scriptedPeer(port);
        PeerBot bot = bot(PeerBot.settings(first, TOKEN));
        awaitLogin(bot);
        first.say("alice", BOT_ID, "Hi bot: before");
        first.awaitSent(1, WAIT);

        try (LogCapture log = LogCapture.capture()) {
            first.kill();
            log.awaitContaining("connecting again in", WAIT);
            PuppetPeer second = scriptedPeer(port);
            second.awaitCalls("start", 1, WAIT);
            log.awaitContaining("Reconnected to the Wechaty puppet service at " + second.endpoint(), WAIT);

            second.say("alice", BOT_ID, "Hi bot: after the restart");
            assertThat(second.awaitSent(1, WAIT)).containsExactly(new Sent("alice", "Echo: after the restart", List.of()));
            assertThat(second.calls("event")).hasSize(1);
        }
    }

    @Test
    void aWrongTokenGivesOneClearLinePerAttemptAndRetriesWithGrowingPauses() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        String wrong = "insecure_wrong-token-4711";
        Settings settings = PeerBot.settings(peer, wrong)
                .with(WechatySettings.RECONNECT_DELAY, Duration.ofMillis(200))
                .with(WechatySettings.RECONNECT_MAX_DELAY, Duration.ofMillis(800));
        try (LogCapture log = LogCapture.capture()) {
            bot(settings);
            List<Call> attempts = peer.awaitCalls("event", 5, WAIT);

            assertThat(attempts).allMatch(c -> c.authorization().equals("wrong"));
            assertThat(peer.calls("start")).as("the puppet is never started with a wrong token").isEmpty();
            long[] expected = {200, 400, 800, 800};
            for (int i = 0; i < expected.length; i++) {
                long gap = attempts.get(i + 1).epochMillis() - attempts.get(i).epochMillis();
                assertThat(gap).as("pause before attempt %d", i + 2).isGreaterThanOrEqualTo(expected[i] - 20);
            }
            String line = log.awaitContaining("rejected the token", WAIT);
            assertThat(line).startsWith("ERROR").contains("UNAUTHENTICATED").contains("WECHATY_PUPPET_SERVICE_TOKEN")
                    .contains("trying again in");
            assertThat(line).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(Secrets.redact(log.text())).as("the token is registered as a secret").doesNotContain(wrong);
        }
    }

    @Test
    void aScanEventShowsTheQrCodeAndTheLoginFollows() throws Exception {
        PuppetPeer peer = peer(PuppetPeer.freePort(), TOKEN, false);
        String qr = "https://login.weixin.qq.com/l/cow-wechaty-test";
        peer.self(BOT_ID, BOT_NAME, qr).contact("alice", "Alice");
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN));

        Await.until("the QR code shown", WAIT, () -> bot.bot.logins().current(WechatyChannel.TYPE)
                .map(s -> s.qrCode() != null && s.qrCode().content().equals(qr)).orElse(false));
        assertThat(bot.bot.account()).isEmpty();

        peer.login();
        awaitLogin(bot);
        peer.say("alice", BOT_ID, "Hi bot: logged in?");
        assertThat(peer.awaitSent(1, WAIT)).extracting(Sent::text).containsExactly("Echo: logged in?");
    }

    @Test
    void logOutAsksThePuppetServiceAndItsLogoutShowsAsTheOwnersOne() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN));
        awaitLogin(bot);

        bot.channel.logOut();

        io.cow.core.login.LoginState out = Await.value("the logout", WAIT, () -> bot.bot.logins().current(WechatyChannel.TYPE)
                .filter(s -> s.status() == io.cow.core.login.LoginState.Status.LOGGED_OUT).orElse(null));
        assertThat(out.reason()).contains("as the owner asked");
        assertThat(bot.bot.account()).isEmpty();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, bot.channel::logOut, "not logged in any more");
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, bot.channel::requestNewQr);
    }

    @Test
    void aServiceThatGoesSilentIsDingedThenReconnected() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        Settings settings = PeerBot.settings(peer, TOKEN)
                .with(WechatySettings.DING_INTERVAL, Duration.ofMillis(100))
                .with(WechatySettings.WATCHDOG_TIMEOUT, Duration.ofMillis(1500));
        try (LogCapture log = LogCapture.capture()) {
            PeerBot bot = bot(settings);
            awaitLogin(bot);
            peer.awaitCalls("ding", 1, WAIT);

            peer.mute();
            log.awaitContaining("No word from the Wechaty puppet service", WAIT);
            peer.awaitCalls("event", 2, WAIT);
            peer.unmute();
            log.awaitContaining("Reconnected to the Wechaty puppet service", WAIT);

            peer.say("alice", BOT_ID, "Hi bot: still there?");
            assertThat(peer.awaitSent(1, WAIT)).extracting(Sent::text).containsExactly("Echo: still there?");
        }
    }

    @Test
    void theEventStreamOutlivesTheDeadlineOfSingleCalls() {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        Settings settings = PeerBot.settings(peer, TOKEN)
                .with(WechatySettings.CALL_TIMEOUT, Duration.ofMillis(300))
                .with(WechatySettings.DING_INTERVAL, Duration.ofMillis(200));
        PeerBot bot = bot(settings);
        awaitLogin(bot);
        // dinged every 200 ms while quiet, so four dings mean the stream was open for well over the call timeout
        peer.awaitCalls("ding", 4, WAIT);

        peer.say("alice", BOT_ID, "Hi bot: still the same stream?");
        assertThat(peer.awaitSent(1, WAIT)).extracting(Sent::text).containsExactly("Echo: still the same stream?");
        assertThat(peer.calls("event")).hasSize(1);
    }

    @Test
    void talksTlsWithTheCertificateWechatyServicesUseByDefault() {
        PuppetPeer peer = peer(PuppetPeer.freePort(), TOKEN, true);
        peer.self(BOT_ID, BOT_NAME).contact("alice", "Alice");
        PeerBot bot = bot(PeerBot.settings(peer, TOKEN).with(WechatySettings.NO_TLS, false));
        awaitLogin(bot);

        peer.say("alice", BOT_ID, "Hi bot: over TLS");
        assertThat(peer.awaitSent(1, WAIT)).extracting(Sent::text).containsExactly("Echo: over TLS");
    }

    @Test
    void withoutAnEndpointTheServiceIsLookedUpByToken() throws Exception {
        PuppetPeer peer = scriptedPeer(PuppetPeer.freePort());
        HttpServer discovery = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        discovery.createContext("/v0/hosties/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = ("{\"host\":\"127.0.0.1\",\"port\":" + peer.options().port() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        discovery.start();
        toClose.add(() -> discovery.stop(0));

        PeerBot bot = bot(PeerBot.settings(peer, TOKEN)
                .with(WechatySettings.ENDPOINT, "")
                .with(WechatySettings.AUTHORITY, "http://127.0.0.1:" + discovery.getAddress().getPort()));
        awaitLogin(bot);
        assertThat(asked).containsExactly("/v0/hosties/" + TOKEN);
        peer.say("alice", BOT_ID, "Hi bot: found you");
        assertThat(peer.awaitSent(1, WAIT)).extracting(Sent::text).containsExactly("Echo: found you");
    }
}
