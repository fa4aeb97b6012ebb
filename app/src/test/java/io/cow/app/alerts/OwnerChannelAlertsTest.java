package io.cow.app.alerts;

import io.cow.core.alert.Alert;
import io.cow.core.alert.AlertKind;
import io.cow.core.login.LoginState;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingMessage;
import io.cow.testkit.channel.RecordingChannel;
import io.cow.testkit.qr.QrDecoding;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts about the other channels reach the owner through the owner channel: texts, QR images, the recovery. */
class OwnerChannelAlertsTest {

    private static final Chat OWNER = Chat.privateChat("owner@im.wechat", "owner@im.wechat");
    private static final String LOGIN = "https://login.weixin.qq.com/l/4dcaWx3uBw==";
    private static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");

    private final RecordingChannel privateChannel = new RecordingChannel("private").sendsImages().owner(OWNER);

    private static Alert alert(AlertKind kind, String channel, String text) {
        return new Alert(kind, channel, text, AT, kind == AlertKind.QR_CODE ? LOGIN : "");
    }

    private static LoginState ownerLoggedIn() {
        return LoginState.starting("private", "ilink", AT).loggedIn(new BotAccount("bot@im.bot", "bot"), AT);
    }

    @Test
    void theOwnerGetsTheTextAndTheQrCodeAsAnImage() throws Exception {
        OwnerChannelAlerts alerts = new OwnerChannelAlerts(privateChannel, "");
        alerts.send(alert(AlertKind.LOGGED_OUT, "groups", "groups was logged out (1101)"));
        alerts.send(alert(AlertKind.QR_CODE, "groups", "groups needs a QR scan: " + LOGIN));
        alerts.send(alert(AlertKind.RECOVERED, "groups", "groups is logged in again"));

        assertThat(privateChannel.sent()).extracting(OutgoingMessage::chat).containsOnly(OWNER);
        assertThat(privateChannel.texts()).containsExactly("groups was logged out (1101)", "groups needs a QR scan: " + LOGIN,
                "groups is logged in again");
        assertThat(privateChannel.images()).singleElement().satisfies(image -> {
            assertThat(image.chat()).isEqualTo(OWNER);
            assertThat(image.mediaType()).isEqualTo("image/png");
            assertThat(QrDecoding.decodeImage(image.data())).isEqualTo(LOGIN);
        });
        assertThat(privateChannel.ownerContacts()).containsOnly("");
    }

    @Test
    void aNamedContactIsAskedFor() {
        new OwnerChannelAlerts(privateChannel, " Me Myself ").send(alert(AlertKind.LOGGED_OUT, "groups", "out"));
        assertThat(privateChannel.ownerContacts()).containsExactly("Me Myself");
    }

    @Test
    void withoutImagesTheTextWithTheLinkStillGoesOut() {
        RecordingChannel web = new RecordingChannel("family").owner(Chat.privateChat("filehelper", "File Transfer"));
        new OwnerChannelAlerts(web, "").send(alert(AlertKind.QR_CODE, "groups", "scan: " + LOGIN));
        assertThat(web.texts()).containsExactly("scan: " + LOGIN);
        assertThat(web.images()).isEmpty();
    }

    @Test
    void alertsAboutTheOwnerChannelItselfAreNotSentThroughIt() {
        new OwnerChannelAlerts(privateChannel, "").send(alert(AlertKind.LOGGED_OUT, "private", "private was logged out"));
        assertThat(privateChannel.sent()).isEmpty();
    }

    @Test
    void alertsWaitUntilTheOwnerCanBeReachedAndOnlyTheLatestOfEachKindIsTold() {
        RecordingChannel notYet = new RecordingChannel("private").sendsImages();
        OwnerChannelAlerts alerts = new OwnerChannelAlerts(notYet, "");
        alerts.send(alert(AlertKind.LOGGED_OUT, "groups", "out"));
        alerts.send(new Alert(AlertKind.QR_CODE, "groups", "old code", AT, "https://login.weixin.qq.com/l/old"));
        alerts.send(alert(AlertKind.QR_CODE, "groups", "new code"));
        assertThat(notYet.sent()).isEmpty();

        notYet.owner(OWNER);
        alerts.loginChanged(null, ownerLoggedIn());
        assertThat(notYet.texts()).containsExactly("out", "new code");
        assertThat(notYet.images()).hasSize(1);
        alerts.loginChanged(null, ownerLoggedIn());
        assertThat(notYet.texts()).as("told once").hasSize(2);
    }

    @Test
    void aRecoveryIsToldOnlyWhenItsOutageWas() {
        RecordingChannel failing = new RecordingChannel("private").owner(OWNER)
                .sender(m -> CompletableFuture.failedFuture(new IllegalStateException("no context_token for the owner")));
        OwnerChannelAlerts alerts = new OwnerChannelAlerts(failing, "");
        alerts.send(alert(AlertKind.LOGGED_OUT, "groups", "out"));
        alerts.send(alert(AlertKind.RECOVERED, "groups", "back"));
        assertThat(failing.texts()).containsExactly("out");

        RecordingChannel never = new RecordingChannel("private");
        OwnerChannelAlerts unreachable = new OwnerChannelAlerts(never, "");
        unreachable.send(alert(AlertKind.LOGGED_OUT, "groups", "out"));
        unreachable.send(alert(AlertKind.RECOVERED, "groups", "back"));
        never.owner(OWNER);
        unreachable.loginChanged(null, ownerLoggedIn());
        assertThat(never.texts()).as("the outage ended before the owner could be told").isEmpty();
    }
}
