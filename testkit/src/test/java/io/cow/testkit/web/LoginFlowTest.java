package io.cow.testkit.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebWeChatSimulator sim;
    private ProtocolClient client;

    @BeforeEach
    void start() {
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().loginPollHold(Duration.ofMillis(300)));
        client = new ProtocolClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void jsloginAnswersJavaScriptWithAUuid() throws Exception {
        HttpResponse<String> response = client.get("/jslogin?appid=wx782c26e4c19acffb&fun=new&lang=zh_CN&_=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("window\\.QRLogin\\.code = 200; window\\.QRLogin\\.uuid = \"[A-Za-z0-9_-]{10}==\";");
        assertThat(sim.awaitQrUuid(WAIT)).isEqualTo(response.body().replaceAll(".*uuid = \"([^\"]+)\".*", "$1"));
    }

    @Test
    void jsloginRefusesAnotherAppId() throws Exception {
        assertThat(client.get("/jslogin?appid=wx0000&fun=new").body()).startsWith("window.QRLogin.code = 400;");
    }

    @Test
    void loginPollWalksThroughWaitingScannedConfirmed() throws Exception {
        String uuid = client.jslogin();

        assertThat(client.pollLogin(uuid, 1)).isEqualTo("window.code=408;");
        sim.scan(uuid);
        assertThat(client.pollLogin(uuid, 0)).startsWith("window.code=201;window.userAvatar = 'data:img/jpg;base64,");
        assertThat(client.pollLogin(uuid, 0)).as("still unconfirmed after the hold").startsWith("window.code=201;");
        sim.confirm(uuid);

        String answer = client.pollLogin(uuid, 0);
        assertThat(answer).startsWith("window.code=200;\nwindow.redirect_uri=\"");
        URI redirect = URI.create(ProtocolClient.redirectUri(answer));
        assertThat(redirect.getPath()).isEqualTo("/cgi-bin/mmwebwx-bin/webwxnewloginpage");
        assertThat(redirect.getRawQuery()).matches("ticket=[A-Za-z0-9]+@qrticket_0&uuid=" + uuid.replace("-", "\\-")
                + "&lang=zh_CN&scan=\\d+");
        assertThat(sim.qrState(uuid)).isEqualTo(QrState.CONFIRMED);
    }

    @Test
    void loginPollWakesUpAtOnceWhenThePhoneScans() throws Exception {
        sim.loginPollHold(Duration.ofMinutes(2));
        String uuid = client.jslogin();
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(ProtocolClient.API + "login?loginicon=true&uuid="
                + uuid + "&tip=1&r=1&_=1");
        sim.awaitRequests("login", 1, WAIT);

        sim.scan(uuid);

        assertThat(poll.get(10, TimeUnit.SECONDS).body()).startsWith("window.code=201;");
    }

    @Test
    void expiredAndCancelledUuidsAnswer400And202() throws Exception {
        String expired = client.jslogin();
        String cancelled = client.jslogin();

        sim.expire(expired);
        sim.scan(cancelled);
        sim.cancel(cancelled);

        assertThat(client.pollLogin(expired, 1)).isEqualTo("window.code=400;");
        assertThat(client.pollLogin(cancelled, 1)).isEqualTo("window.code=202;");
        assertThat(client.pollLogin("unknownuuid==", 1)).isEqualTo("window.code=400;");
        assertThatThrownBy(() -> sim.scan(expired)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void uuidsExpireAfterTheirTimeToLive() throws Exception {
        sim.close();
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().uuidTtl(Duration.ofMillis(200))
                .loginPollHold(Duration.ofSeconds(30)));
        client = new ProtocolClient(sim);
        String uuid = client.jslogin();

        assertThat(client.pollLogin(uuid, 1)).as("the held poll ends at expiry").isEqualTo("window.code=400;");
        assertThat(sim.qrState(uuid)).isEqualTo(QrState.EXPIRED);
    }

    @Test
    void awaitQrUuidSkipsUuidsThatNoLongerWait() throws Exception {
        String first = client.jslogin();
        sim.expire(first);
        String second = client.jslogin();

        assertThat(sim.awaitQrUuid(WAIT)).isEqualTo(second);
        assertThat(sim.qrUuids()).containsExactly(first, second);
    }

    @Test
    void newLoginPageAnswersXmlAndSetsTheSessionCookies() throws Exception {
        String uuid = client.jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);
        String redirect = ProtocolClient.redirectUri(client.pollLogin(uuid, 0));

        HttpResponse<String> page = client.newLoginPage(redirect, true, true);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).matches("<error><ret>0</ret><message></message><skey>@crypt_[0-9a-f]{8}_[0-9a-f]{32}</skey>"
                + "<wxsid>[A-Za-z0-9]{16}</wxsid><wxuin>\\d+</wxuin><pass_ticket>[A-Za-z0-9%]+</pass_ticket>"
                + "<isgrayscale>1</isgrayscale></error>");
        assertThat(ProtocolClient.tag(page.body(), "pass_ticket")).contains("%2B").contains("%2F");
        assertThat(Long.parseLong(ProtocolClient.tag(page.body(), "wxuin"))).isEqualTo(sim.uin())
                .isGreaterThan(Integer.MAX_VALUE);
        List<String> names = client.cookies.getCookieStore().getCookies().stream().map(HttpCookie::getName).toList();
        assertThat(names).contains("wxuin", "wxsid", "webwx_data_ticket", "webwxuvid", "webwx_auth_ticket",
                "wxloadtime", "mm_lang", "last_wxuin");
        assertThat(sim.sessionsCreated()).isEqualTo(1);
        assertThat(sim.qrState(uuid)).isEqualTo(QrState.REDEEMED);
        assertThat(client.pollLogin(uuid, 0)).isEqualTo("window.code=400;");
    }

    @Test
    void newLoginPageWithoutVersionV2Answers301WithTheXmlAndCookies() throws Exception {
        String uuid = client.jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);

        HttpResponse<String> page = client.newLoginPage(ProtocolClient.redirectUri(client.pollLogin(uuid, 0)), false, true);

        assertThat(page.statusCode()).isEqualTo(301);
        assertThat(page.body()).startsWith("<error><ret>0</ret>");
        assertThat(page.headers().allValues("set-cookie")).anyMatch(c -> c.startsWith("wxsid="));
    }

    @Test
    void newLoginPageCanBeForcedTo301() throws Exception {
        sim.faults().newLoginPage301(true);
        String uuid = client.jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);

        HttpResponse<String> page = client.newLoginPage(ProtocolClient.redirectUri(client.pollLogin(uuid, 0)), true, true);

        assertThat(page.statusCode()).isEqualTo(301);
        assertThat(page.body()).contains("<ret>0</ret>");
    }

    @Test
    void newLoginPageWithoutTheUosHeadersAnswers1203() throws Exception {
        String uuid = client.jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);

        HttpResponse<String> page = client.newLoginPage(ProtocolClient.redirectUri(client.pollLogin(uuid, 0)), true, false);

        assertThat(page.body()).startsWith("<error><ret>1203</ret><message>为了你的帐号安全");
        assertThat(sim.sessionsCreated()).isZero();
    }

    @Test
    void aTicketWorksOnceAndOnlyWithItsUuid() throws Exception {
        String uuid = client.jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);
        String redirect = ProtocolClient.redirectUri(client.pollLogin(uuid, 0));

        assertThat(client.newLoginPage(redirect.replaceAll("ticket=[^&]+", "ticket=forged@qrticket_0"), true, true)
                .body()).startsWith("<error><ret>-14</ret>");
        assertThat(client.newLoginPage(redirect, true, true).body()).startsWith("<error><ret>0</ret>");
        assertThat(client.newLoginPage(redirect, true, true).body()).startsWith("<error><ret>-14</ret>");
    }

    @Test
    void qrCodeImageIsAPng() throws Exception {
        String uuid = client.jslogin();

        HttpResponse<byte[]> image = client.http.send(java.net.http.HttpRequest.newBuilder(
                URI.create(sim.baseUrl() + "/qrcode/" + uuid)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(image.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(image.body()).startsWith(new byte[]{(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void phoneCannotConfirmWithoutAScan() throws Exception {
        String uuid = client.jslogin();

        assertThatThrownBy(() -> sim.confirm(uuid)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WAITING");
    }

    @Test
    void jsloginAcceptsAFormPost() throws Exception {
        HttpResponse<String> response = client.http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create(sim.baseUrl() + "/jslogin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("appid=wx782c26e4c19acffb&fun=new&lang=zh_CN"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).startsWith("window.QRLogin.code = 200; window.QRLogin.uuid = \"");
    }
}
