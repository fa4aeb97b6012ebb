package io.cow.core.alert;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.LoginState;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.pipeline.Outcome;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final Alerts alerts = new Alerts(Duration.ofMinutes(10), clock);
    private final List<Alert> sent = new CopyOnWriteArrayList<>();
    private final AlertWatcher watcher = new AlertWatcher(alerts);

    AlertsTest() {
        alerts.addSink(sent::add);
    }

    private void out(String channel, String reason) {
        watcher.loginChanged(null, LoginState.starting(channel, "web", clock.instant()).loggedOut(reason, clock.instant()));
    }

    private void refused(String channel, String reason) {
        watcher.loginChanged(null, LoginState.starting(channel, "web", clock.instant()).refused(reason, clock.instant()));
    }

    private void qr(String channel, String content) {
        watcher.loginChanged(null, LoginState.starting(channel, "web", clock.instant())
                .waitingForScan(new LoginQrCode(content, "scan"), clock.instant()));
    }

    private void in(String channel, String name) {
        watcher.loginChanged(null, LoginState.starting(channel, "web", clock.instant())
                .loggedIn(new BotAccount("@me", name), clock.instant()));
    }

    private List<AlertKind> kinds() {
        return sent.stream().map(Alert::kind).toList();
    }

    @Test
    void aScanAndACountdownToTheNextQrCodeAlertNothing() {
        LoginState waiting = LoginState.starting("web", "web", clock.instant())
                .waitingForScan(new LoginQrCode("https://login.weixin.qq.com/l/A", "scan"), clock.instant());
        watcher.loginChanged(null, waiting);
        LoginState scanned = waiting.scanned(clock.instant());
        watcher.loginChanged(waiting, scanned);
        clock.advance(Duration.ofHours(1));
        watcher.loginChanged(scanned, scanned.nextAttemptAt(clock.instant().plusSeconds(60)));
        clock.advance(Duration.ofHours(1));
        watcher.loginChanged(waiting, waiting.nextAttemptAt(clock.instant().plusSeconds(60)));

        assertThat(kinds()).as("the code once; a countdown is not a new code").containsExactly(AlertKind.QR_CODE);
    }

    @Test
    void aLogoutAlertsOnceAndTheNextLoginSaysRecovered() {
        out("web", "web WeChat ended the session (1101: the session is invalid)");
        out("web", "web WeChat ended the session (1101: the session is invalid)");
        in("web", "Botty");
        in("web", "Botty");

        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.RECOVERED);
        assertThat(sent.get(0).channel()).isEqualTo("web");
        assertThat(sent.get(0).text()).contains("web", "1101", "QR code");
        assertThat(sent.get(1).text()).contains("Botty");
    }

    @Test
    void aFlappingLoginAlertsOncePerIntervalAndRecoversOnlyWhatWasAlerted() {
        out("web", "1101");
        in("web", "Botty");
        clock.advance(Duration.ofMinutes(3));
        out("web", "1101");
        in("web", "Botty");
        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.RECOVERED);

        clock.advance(Duration.ofMinutes(8));
        out("web", "1101");
        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.RECOVERED, AlertKind.LOGGED_OUT);
    }

    @Test
    void eachNewQrCodeOfAnOutageIsSentWithinTheRateLimitAndCarriesItsContent() {
        out("groups", "1101");
        qr("groups", "https://login.example/l/1");
        qr("groups", "https://login.example/l/1");
        qr("groups", "https://login.example/l/2");
        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.QR_CODE);
        assertThat(sent.get(1).qrContent()).isEqualTo("https://login.example/l/1");
        assertThat(sent.get(1).text()).contains("groups", "https://login.example/l/1");

        clock.advance(Duration.ofMinutes(11));
        qr("groups", "https://login.example/l/3");
        in("groups", "Botty");
        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.QR_CODE, AlertKind.QR_CODE, AlertKind.RECOVERED);
        assertThat(sent.get(2).qrContent()).isEqualTo("https://login.example/l/3");
    }

    @Test
    void theFirstQrCodeOfAnOutageIsNeverHeldBack() {
        qr("groups", "https://login.example/l/1");
        in("groups", "Botty");
        clock.advance(Duration.ofMinutes(2));
        out("groups", "1101");
        qr("groups", "https://login.example/l/2");
        assertThat(kinds()).containsExactly(AlertKind.QR_CODE, AlertKind.RECOVERED, AlertKind.LOGGED_OUT, AlertKind.QR_CODE);
        assertThat(sent.get(3).qrContent()).isEqualTo("https://login.example/l/2");
    }

    @Test
    void channelsAreLimitedSeparately() {
        out("web", "1101");
        out("private", "iLink session expired (-14)");
        assertThat(sent).extracting(Alert::channel).containsExactly("web", "private");
    }

    @Test
    void aRefusedLoginIsItsOwnKind() {
        refused("web", "web login is barred for this account (1203)");
        assertThat(kinds()).containsExactly(AlertKind.LOGIN_REFUSED);
        assertThat(sent.get(0).text()).contains("1203");
    }

    @Test
    void theModelAlertsAfterFailuresInARowAndRecoversOnTheNextAnswer() {
        IncomingMessage m = IncomingMessage.text("web", "1", Chat.privateChat("a", "A"), Sender.person("a", "A"), "q").build();
        watcher.handled(m, Outcome.FAILED);
        watcher.handled(m, Outcome.FAILED);
        watcher.handled(m, Outcome.ANSWERED);
        watcher.handled(m, Outcome.FAILED);
        watcher.handled(m, Outcome.NOT_TRIGGERED);
        watcher.handled(m, Outcome.FAILED);
        assertThat(sent).isEmpty();
        for (int i = 0; i < AlertWatcher.MODEL_FAILURES; i++) {
            watcher.handled(m, Outcome.FAILED);
        }
        watcher.handled(m, Outcome.FAILED);
        assertThat(kinds()).containsExactly(AlertKind.MODEL_FAILING);
        watcher.handled(m, Outcome.ANSWERED);
        watcher.handled(m, Outcome.ANSWERED);
        assertThat(kinds()).containsExactly(AlertKind.MODEL_FAILING, AlertKind.RECOVERED);
    }

    @Test
    void aFailingSinkDoesNotStopTheOthers() {
        Alerts two = new Alerts(Duration.ofMinutes(10), clock);
        two.addSink(alert -> {
            throw new IllegalStateException("down");
        });
        two.addSink(sent::add);
        assertThat(two.problem(Alerts.Problem.LOGIN, AlertKind.LOGGED_OUT, "web", "out")).isTrue();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aNoticeIsRateLimitedPerChannelAndOpensNoOutage() {
        assertThat(alerts.notice(AlertKind.SENDING_LIMITED, "web", "budget nearly spent")).isTrue();
        assertThat(alerts.notice(AlertKind.SENDING_LIMITED, "web", "budget nearly spent again")).isFalse();
        assertThat(alerts.notice(AlertKind.SENDING_LIMITED, "groups", "budget nearly spent")).isTrue();
        clock.advance(Duration.ofMinutes(10));
        assertThat(alerts.notice(AlertKind.SENDING_LIMITED, "web", "paused after 1205")).isTrue();

        in("web", "Botty");
        assertThat(alerts.inOutage(Alerts.Problem.LOGIN, "web")).isFalse();
        assertThat(kinds()).containsExactly(AlertKind.SENDING_LIMITED, AlertKind.SENDING_LIMITED, AlertKind.SENDING_LIMITED);
    }
}
