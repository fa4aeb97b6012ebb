package io.cow.web.sim;

import io.cow.core.config.Settings;
import io.cow.core.login.QrCodes;
import io.cow.core.secret.Secrets;
import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.qr.QrDecoding;
import io.cow.testkit.web.SimRequest;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import io.cow.web.WebSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.cow.web.sim.RecordingEvents.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** QR login against the simulator: UOS desktop mode, expiry, cancel, the 301 form and the 1203 refusal. */
class WebChannelLoginTest {

    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofMillis(500)).loginPollHold(Duration.ofMillis(200)));

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void logsInWithAQrCodeInUosDesktopMode() {
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            String uuid = sim.awaitQrUuid(WAIT);
            c.events.awaitQrCodes(1);
            assertThat(c.events.qrCodes.get(0).content()).isEqualTo("https://login.weixin.qq.com/l/" + uuid);
            assertThat(c.events.logins).isEmpty();

            sim.scan(uuid);
            sim.confirm(uuid);
            c.events.awaitLogins(1);
            sim.awaitPolling(WAIT);

            assertThat(c.events.logins.get(0).name()).isEqualTo("Botty");
            assertThat(c.events.qrCodes).hasSize(1);
            SimRequest jslogin = sim.requests("jslogin").get(0);
            assertThat(jslogin.queryParam("appid")).isEqualTo("wx782c26e4c19acffb");
            assertThat(jslogin.queryParam("redirect_uri")).endsWith("/cgi-bin/mmwebwx-bin/webwxnewloginpage?mod=desktop");
            SimRequest page = sim.requests("webwxnewloginpage").get(0);
            assertThat(page.header("client-version")).isEqualTo("2.0.0");
            assertThat(page.header("extspam")).isEqualTo(WebSettings.EXTSPAM.defaultValue());
            assertThat(page.queryParam("version")).isEqualTo("v2");
            assertThat(page.queryParam("mod")).isEqualTo("desktop");
            assertThat(page.header("user-agent")).contains("UOS");
            assertThat(sim.requests("webwxstatusnotify").get(0).json().path("Code").asInt()).isEqualTo(3);
            assertThat(sim.requests("webwxgetcontact")).isNotEmpty();
        }
    }

    @Test
    void theQrCodeEncodesThePhonesLoginLinkWhateverTheEndpoint() throws Exception {
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            String uuid = sim.awaitQrUuid(WAIT);
            c.events.awaitQrCodes(1);

            byte[] png = QrCodes.png(QrCodes.encode(c.events.qrCodes.get(0).content()));
            assertThat(QrDecoding.decodeImage(png)).isEqualTo("https://login.weixin.qq.com/l/" + uuid);
            assertThat(sim.baseUrl()).as("the channel talks to the simulator").startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void anExpiredQrCodeIsReplacedByANewOneAndLoginStillSucceeds() {
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            String first = sim.awaitQrUuid(WAIT);
            c.events.awaitQrCodes(1);
            sim.expire(first);

            c.events.awaitQrCodes(2);
            String second = sim.awaitQrUuid(WAIT);
            assertThat(second).isNotEqualTo(first);
            assertThat(c.events.qrCodes.get(1).content()).endsWith("/l/" + second);
            sim.scan(second);
            sim.confirm(second);
            c.events.awaitLogins(1);
            assertThat(c.events.qrCodes).hasSize(2);
        }
    }

    @Test
    void aLoginCancelledOnThePhoneGetsANewQrCode() {
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            String first = sim.awaitQrUuid(WAIT);
            sim.scan(first);
            sim.cancel(first);

            c.events.awaitQrCodes(2);
            sim.scanAndConfirm(WAIT);
            c.events.awaitLogins(1);
        }
    }

    @Test
    void aScanIsReportedBeforeTheConfirm() {
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            String uuid = sim.awaitQrUuid(WAIT);
            sim.scan(uuid);

            Await.until("the scan is reported", WAIT, () -> !c.events.scans.isEmpty());
            assertThat(c.events.logins).isEmpty();
            sim.confirm(uuid);
            c.events.awaitLogins(1);
            assertThat(c.events.scans).containsExactly("scanned after QR code 1");
        }
    }

    @Test
    void logOutEndsTheSessionAtWeChatAndNewQrNowSkipsTheRestOfTheReloginInterval() {
        Settings settings = SimChannel.settings(sim).with(WebSettings.RELOGIN_INTERVAL, Duration.ofHours(1));
        try (SimChannel c = SimChannel.start(settings)) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, c.channel::logOut, "not logged in yet");
            sim.scanAndConfirm(WAIT);
            c.events.awaitLogins(1);
            sim.awaitPolling(WAIT);

            c.channel.logOut();

            c.events.awaitLogouts(1);
            Await.until("the simulator's session ended", WAIT, () -> !sim.loggedIn());
            List<SimRequest> logouts = sim.requests("webwxlogout");
            assertThat(logouts).hasSize(1);
            assertThat(c.events.logouts.get(0)).contains("as the owner asked");
            Await.until("the countdown to the next QR code", WAIT, () -> !c.events.nextLogins.isEmpty());
            assertThat(Duration.between(java.time.Instant.now(), c.events.nextLogins.get(0))).isGreaterThan(Duration.ofMinutes(59));
            assertThat(sim.requests("jslogin")).as("no new QR code within the relogin interval").hasSize(1);

            c.channel.requestNewQr();

            c.events.awaitQrCodes(2);
            assertThat(sim.requests("jslogin")).hasSize(2);
            sim.scanAndConfirm(WAIT);
            c.events.awaitLogins(2);
        }
    }

    @Test
    void newQrCodesAreThrottled() {
        Settings settings = SimChannel.settings(sim).with(WebSettings.RELOGIN_INTERVAL, Duration.ofMillis(700));
        try (LogCapture log = LogCapture.capture(); SimChannel c = SimChannel.start(settings)) {
            String first = sim.awaitQrUuid(WAIT);
            c.events.awaitQrCodes(1);
            sim.expire(first);

            c.events.awaitQrCodes(2);
            List<SimRequest> jslogins = sim.requests("jslogin");
            assertThat(jslogins).hasSize(2);
            assertThat(Duration.between(jslogins.get(0).at(), jslogins.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(700));
            assertThat(log.text()).contains("before asking for a new QR code");
        }
    }

    @Test
    void theLoginPageMayAnswer301() {
        sim.faults().newLoginPage301(true);
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            sim.scanAndConfirm(WAIT);
            c.events.awaitLogins(1);
            sim.awaitLoggedIn(WAIT);
        }
    }

    @Test
    void withoutUosModeTheAccountIsBarredAndTheLogSaysWhatToDo() {
        Settings settings = SimChannel.settings(sim).with(WebSettings.UOS, false);
        try (LogCapture log = LogCapture.capture(); SimChannel c = SimChannel.start(settings)) {
            sim.scanAndConfirm(WAIT);

            c.events.awaitLogouts(1);
            String line = log.awaitContaining("1203", WAIT);
            assertThat(line).contains("refuses web login").contains("web.uos").contains("channel: ilink");
            assertThat(c.events.logins).isEmpty();
            assertThat(c.events.qrCodes).hasSize(1);
            assertThat(sim.requests("webwxnewloginpage").get(0).header("extspam")).isNull();
        }
    }

    @Test
    void sessionSecretsAreRegisteredAndNeverLogged() {
        try (LogCapture log = LogCapture.capture(); SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            sim.scanAndConfirm(WAIT);
            c.events.awaitLogins(1);
            sim.awaitPolling(WAIT);
            SimRequest init = sim.requests("webwxinit").get(0);
            String skey = init.json().path("BaseRequest").path("Skey").asText();
            String sid = init.json().path("BaseRequest").path("Sid").asText();
            String passTicket = init.queryParam("pass_ticket");
            String dataTicket = sim.requests("synccheck").get(0).cookie("webwx_data_ticket");

            for (String secret : new String[]{skey, sid, passTicket, dataTicket}) {
                assertThat(secret).isNotBlank();
                assertThat(Secrets.redact("x " + secret + " y")).isEqualTo("x " + Secrets.MARK + " y");
                assertThat(log.text()).doesNotContain(secret);
            }
        }
    }
}
