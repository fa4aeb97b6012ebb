package io.cow.core.alert;

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

    private List<AlertKind> kinds() {
        return sent.stream().map(Alert::kind).toList();
    }

    @Test
    void aLogoutAlertsOnceAndTheNextLoginSaysRecovered() {
        watcher.loggedOut("web", "web WeChat ended the session (1101: the session is invalid)");
        watcher.loggedOut("web", "web WeChat ended the session (1101: the session is invalid)");
        watcher.loggedIn("web", new BotAccount("@me", "Botty"));
        watcher.loggedIn("web", new BotAccount("@me", "Botty"));

        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.RECOVERED);
        assertThat(sent.get(0).channel()).isEqualTo("web");
        assertThat(sent.get(0).text()).contains("web", "1101", "Scan");
        assertThat(sent.get(1).text()).contains("Botty");
    }

    @Test
    void aFlappingLoginAlertsOncePerIntervalAndRecoversOnlyWhatWasAlerted() {
        watcher.loggedOut("web", "1101");
        watcher.loggedIn("web", new BotAccount("@me", "Botty"));
        clock.advance(Duration.ofMinutes(3));
        watcher.loggedOut("web", "1101");
        watcher.loggedIn("web", new BotAccount("@me", "Botty"));
        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.RECOVERED);

        clock.advance(Duration.ofMinutes(8));
        watcher.loggedOut("web", "1101");
        assertThat(kinds()).containsExactly(AlertKind.LOGGED_OUT, AlertKind.RECOVERED, AlertKind.LOGGED_OUT);
    }

    @Test
    void channelsAreLimitedSeparately() {
        watcher.loggedOut("web", "1101");
        watcher.loggedOut("private", "iLink session expired (-14)");
        assertThat(sent).extracting(Alert::channel).containsExactly("web", "private");
    }

    @Test
    void aRefusedLoginIsItsOwnKind() {
        watcher.loggedOut("web", "web login is barred for this account (1203)");
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
}
