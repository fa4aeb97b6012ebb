package io.cow.ilink;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.core.login.LoginState;
import io.cow.ilink.login.ConsoleVerifyCodeSource;
import io.cow.ilink.state.IlinkState;
import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.BotBinding;
import io.cow.testkit.ilink.Endpoint;
import io.cow.testkit.ilink.IlinkFault;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.ilink.RecordedCall;
import io.cow.testkit.ilink.SentMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cow.ilink.IlinkTestBot.USER;
import static io.cow.ilink.IlinkTestBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** QR login against the iLink simulator: every status, the headers, and resuming after a restart. */
class IlinkLoginTest {

    @TempDir
    Path data;

    IlinkTestBot t;

    @BeforeEach
    void setUp() {
        t = new IlinkTestBot(data);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void qrLoginEndToEndShowsTheImageContentUrlAndThenAnswers() throws Exception {
        t.start();
        QrCode qr = t.sim.awaitQrCode(1, WAIT);
        t.awaitQrShown(qr.imageContent());
        assertThat(t.qrCodes.get(0).hint()).contains("Scan with WeChat to log in to iLink");
        assertThat(qr.imageContent()).startsWith(t.sim.baseUrl() + "/q/").endsWith("?qrcode=" + qr.handle() + "&bot_type=3");

        t.sim.scan(qr.imageContent(), USER);
        t.logs.awaitContaining("QR code scanned; confirm the login on the phone", WAIT);
        BotBinding binding = t.sim.confirm(qr.imageContent());
        t.awaitLoggedInAs(binding.token());
        t.logs.awaitContaining("Logged in to ilink as " + binding.botId(), WAIT);
        Await.until("notifystart", WAIT, () -> t.sim.notifications().contains("start " + binding.botId()));

        t.sim.sendText(USER, "hello");
        SentMessage reply = t.sim.awaitSent(1, WAIT).get(0);
        assertThat(reply.text()).isEqualTo("Echo: hello");
        assertThat(reply.botId()).isEqualTo(binding.botId());
        assertThat(t.sim.violations()).isEmpty();
    }

    @Test
    void aScannedCodeShowsAsScannedUntilThePhoneConfirms() {
        t.start();
        QrCode qr = t.sim.awaitQrCode(1, WAIT);
        t.awaitQrShown(qr.imageContent());

        t.sim.scan(qr.imageContent(), USER);

        t.awaitState("scanned", s -> s.status() == LoginState.Status.SCANNED);
        BotBinding binding = t.sim.confirm(qr.imageContent());
        t.awaitLoggedInAs(binding.token());
        t.awaitState("logged in", LoginState::isLoggedIn);
    }

    @Test
    void logOutForgetsTheTokenAndNewQrNowShowsACodeBeforeTheReloginInterval() {
        t.set("ilink.reloginInterval", "1h").start();
        t.login(1);
        t.awaitState("logged in", LoginState::isLoggedIn);

        t.channel.logOut();

        LoginState out = t.awaitState("logged out with a countdown",
                s -> s.status() == LoginState.Status.LOGGED_OUT && s.nextAttemptAt() != null);
        assertThat(out.reason()).contains("as the owner asked");
        assertThat(java.time.Duration.between(java.time.Instant.now(), out.nextAttemptAt())).isGreaterThan(java.time.Duration.ofMinutes(59));
        assertThat(t.channel.account()).as("the token is forgotten").isEmpty();
        assertThat(t.sim.qrCodes()).as("no new code within the interval").hasSize(1);

        t.channel.requestNewQr();

        BotBinding second = t.login(2);
        t.restart();
        t.awaitLoggedInAs(second.token());
        assertThat(t.sim.qrCodes()).as("the new login was stored, the old one forgotten").hasSize(2);
    }

    @Test
    void everyRequestCarriesTheProtocolHeadersAndBaseInfo() {
        t.start();
        BotBinding binding = t.login(1);
        t.sim.sendText(USER, "hi");
        t.sim.awaitSent(1, WAIT);

        List<RecordedCall> posts = t.sim.calls().stream().filter(c -> c.method().equals("POST") && c.path().startsWith("/ilink/")).toList();
        Set<String> uins = new HashSet<>();
        for (RecordedCall call : posts) {
            assertThat(call.header("AuthorizationType")).isEqualTo("ilink_bot_token");
            assertThat(call.header("iLink-App-Id")).isEqualTo("bot");
            assertThat(call.header("iLink-App-ClientVersion")).isEqualTo("132105");
            assertThat(call.header("Content-Type")).startsWith("application/json");
            String uin = new String(Base64.getDecoder().decode(call.header("X-WECHAT-UIN")));
            assertThat(Long.parseLong(uin)).isBetween(0L, 0xFFFFFFFFL);
            uins.add(call.header("X-WECHAT-UIN"));
            if (call.path().endsWith("get_bot_qrcode")) {
                assertThat(call.header("Authorization")).isNull();
            } else {
                assertThat(call.header("Authorization")).isEqualTo("Bearer " + binding.token());
                JsonNode baseInfo = call.json().path("base_info");
                assertThat(baseInfo.path("channel_version").asText()).isEqualTo("2.4.9");
                assertThat(baseInfo.path("bot_agent").asText()).startsWith("ChatGPT-on-WeChat-Java/");
            }
        }
        assertThat(uins).as("a new X-WECHAT-UIN per request").hasSize(posts.size());
        RecordedCall statusPoll = t.sim.calls(Endpoint.GET_QRCODE_STATUS).get(0);
        assertThat(statusPoll.header("iLink-App-Id")).isEqualTo("bot");
        assertThat(statusPoll.header("AuthorizationType")).isNull();
        assertThat(t.logs.text()).as("the token never appears in the log").doesNotContain(binding.token());
    }

    @Test
    void anExpiredQrCodeIsReplacedByANewOne() throws Exception {
        t.start();
        QrCode first = t.sim.awaitQrCode(1, WAIT);
        t.sim.expire(first.handle());
        QrCode second = t.sim.awaitQrCode(2, WAIT);
        t.logs.awaitContaining("The QR code expired", WAIT);

        assertThat(second.imageContent()).isNotEqualTo(first.imageContent());
        t.awaitQrShown(second.imageContent());
        BotBinding binding = t.sim.scanAndConfirm(second.imageContent(), USER);
        t.awaitLoggedInAs(binding.token());
    }

    @Test
    void scanedButRedirectMovesPollingToTheRedirectHost() {
        t.sim.redirectScans(true);
        t.start();
        QrCode qr = t.sim.awaitQrCode(1, WAIT);
        t.sim.scan(qr.handle(), USER);
        t.logs.awaitContaining("the login continues at http://" + t.sim.redirectHost(), WAIT);
        Await.until("a status poll on the redirect host", WAIT,
                () -> t.sim.calls(Endpoint.GET_QRCODE_STATUS).stream().anyMatch(c -> c.port() == t.sim.redirectPort()));
        BotBinding binding = t.sim.confirm(qr.handle());

        t.awaitLoggedInAs(binding.token());
        List<RecordedCall> polls = t.sim.calls(Endpoint.GET_QRCODE_STATUS);
        int firstOnRedirect = polls.indexOf(polls.stream().filter(c -> c.port() == t.sim.redirectPort()).findFirst().orElseThrow());
        assertThat(polls.subList(firstOnRedirect, polls.size())).as("once redirected, polling stays on the redirect host")
                .allMatch(c -> c.port() == t.sim.redirectPort());
    }

    @Test
    void needVerifycodeAsksForTheNumberAgainWhenItWasWrong() {
        List<Boolean> asked = new CopyOnWriteArrayList<>();
        List<String> answers = new ArrayList<>(List.of("1234", "4711"));
        t.verifyCodes = (prompt, wrongBefore) -> {
            asked.add(wrongBefore);
            return Optional.of(answers.remove(0));
        };
        t.sim.requireVerifyCode("4711");
        t.start();
        QrCode qr = t.sim.awaitQrCode(1, WAIT);
        t.sim.scan(qr.handle(), USER);
        Await.until("the right number accepted", WAIT, () -> t.sim.qrStatus(qr.handle()).equals("scaned"));
        BotBinding binding = t.sim.confirm(qr.handle());

        t.awaitLoggedInAs(binding.token());
        assertThat(asked).containsExactly(false, true);
        assertThat(t.sim.calls(Endpoint.GET_QRCODE_STATUS)).anyMatch(c -> c.query().contains("verify_code=4711"));
        t.logs.awaitContaining("did not accept the verification number", WAIT);
    }

    @Test
    void needVerifycodeWithoutATerminalSaysSoAndStartsAgain() {
        t.verifyCodes = new ConsoleVerifyCodeSource();
        t.sim.requireVerifyCode("4711");
        t.start();
        QrCode qr = t.sim.awaitQrCode(1, WAIT);
        t.sim.scan(qr.handle(), USER);

        t.logs.awaitContaining("standard input is not a terminal", WAIT);
        t.logs.awaitContaining("iLink login failed: WeChat asked for a verification number and none was given", WAIT);
        t.sim.awaitQrCode(2, WAIT);
    }

    @Test
    void aFailedStartIsRetriedWithTheGrowingPollBackoffNotAfterTheReloginInterval() {
        t.set("ilink.reloginInterval", "5m");
        t.sim.failNext(Endpoint.GET_BOT_QRCODE, IlinkFault.http(503), IlinkFault.http(503));
        t.start();

        QrCode qr = t.sim.awaitQrCode(1, WAIT);
        assertThat(t.sim.calls(Endpoint.GET_BOT_QRCODE)).hasSize(3);
        assertThat(t.logs.text()).contains("iLink login failed: could not get a QR code")
                .contains("connecting again in 50 ms").contains("connecting again in 100 ms")
                .doesNotContain("Next iLink QR login in");
        BotBinding binding = t.sim.scanAndConfirm(qr.imageContent(), USER);
        t.awaitLoggedInAs(binding.token());
    }

    @Test
    void failedPollsWaitTheSameGrowingBackoffAndItStartsOverAfterASuccess() {
        t.start();
        t.login(1);
        t.sim.failNext(Endpoint.GET_UPDATES, IlinkFault.http(503), IlinkFault.http(503), IlinkFault.http(503), IlinkFault.http(503));
        t.logs.awaitContaining("retrying in 200 ms", WAIT);
        t.sim.sendText(USER, "after the storm");

        assertThat(t.sim.awaitSent(1, WAIT).get(0).text()).isEqualTo("Echo: after the storm");
        assertThat(t.logs.text()).contains("getupdates failed").contains("retrying in 50 ms").contains("retrying in 100 ms");
        assertThat(t.logouts).isEmpty();
    }

    @Test
    void bindedRedirectKeepsTheEarlierToken() {
        t.start();
        BotBinding binding = t.login(1);
        // The server ends the session once, without revoking the token: the client logs in again and names it.
        t.sim.failNext(Endpoint.GET_UPDATES, IlinkFault.sessionTimeout());
        QrCode second = t.sim.awaitQrCode(2, WAIT);
        assertThat(second.localTokens()).contains(binding.token());
        t.sim.scan(second.handle(), USER);
        t.sim.confirm(second.handle());

        t.logs.awaitContaining("is already bound to this bot: keeping the earlier login", WAIT);
        t.awaitLoggedInAs(binding.token());
        assertThat(t.sim.bindings()).hasSize(1);
        t.sim.sendText(USER, "still there?");
        assertThat(t.sim.awaitSent(1, WAIT).get(0).text()).isEqualTo("Echo: still there?");
    }

    @Test
    void aRestartResumesWithTheStoredTokenAndCursor() {
        t.start();
        BotBinding binding = t.login(1);
        t.sim.sendText(USER, "before the restart");
        t.sim.awaitSent(1, WAIT);
        Await.until("a cursor stored", WAIT, () -> !new IlinkState(t.store, "ilink").cursor().isEmpty());

        t.bot.close();
        String cursor = new IlinkState(t.store, "ilink").cursor();
        int callsBefore = t.sim.calls(Endpoint.GET_UPDATES).size();
        t.start();
        t.awaitLoggedInAs(binding.token());
        t.sim.sendText(USER, "after the restart");
        List<SentMessage> sent = t.sim.awaitSent(2, WAIT);

        assertThat(sent.get(1).text()).isEqualTo("Echo: after the restart");
        assertThat(t.sim.qrCodes()).as("no new scan").hasSize(1);
        assertThat(t.logs.text()).contains("Resuming the iLink session of bot " + binding.botId());
        RecordedCall firstAfter = t.sim.calls(Endpoint.GET_UPDATES).get(callsBefore);
        assertThat(cursor).isNotEmpty();
        assertThat(firstAfter.json().path("get_updates_buf").asText()).as("the stored cursor").isEqualTo(cursor);
        assertThat(firstAfter.header("Authorization")).isEqualTo("Bearer " + binding.token());
    }
}
