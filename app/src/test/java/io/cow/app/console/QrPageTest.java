package io.cow.app.console;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.LoginState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Login / QR page is told of each state (issue 15's list). */
class QrPageTest {

    private static final Instant AT = Instant.parse("2026-12-08T02:00:00Z");

    private static LoginState web() {
        return LoginState.starting("web", "web", AT);
    }

    @Test
    void aScannedCodeIsItsOwnStateAndTheCodeIsKept() {
        LoginState scanned = web().waitingForScan(new LoginQrCode("https://login.weixin.qq.com/l/A", "scan"), AT).scanned(AT);

        Map<String, Object> page = QrPage.describe(scanned);

        assertThat(page.get("state")).isEqualTo("SCANNED");
        assertThat(page.get("qrContent")).isEqualTo("https://login.weixin.qq.com/l/A");
        assertThat(page.get("nextAttemptAt")).isEqualTo(0L);
    }

    @Test
    void aLogoutCarriesWhenTheNextQrCodeComes() {
        LoginState out = web().loggedOut("Logged out of web WeChat (1101)", AT).nextAttemptAt(AT.plusSeconds(42));

        Map<String, Object> page = QrPage.describe(out);

        assertThat(page.get("state")).isEqualTo("LOGGED_OUT");
        assertThat(page.get("nextAttemptAt")).isEqualTo(AT.plusSeconds(42).toEpochMilli());
        assertThat(page.get("since")).as("the countdown does not restart the state").isEqualTo(AT.toEpochMilli());
        assertThat(page.get("newQr")).isEqualTo(true);
    }

    @Test
    void anExpiredIlinkSessionAndARefusedWebLoginAreTheirOwnStates() {
        LoginState expired = LoginState.starting("private", "ilink", AT).loggedOut("iLink session expired (-14 \"session timeout\"): "
                + "the login of bot b1 is no longer valid", AT);
        LoginState refused = web().refused("WeChat refuses web login for this account (error 1203)", AT);

        assertThat(QrPage.describe(expired).get("state")).isEqualTo("EXPIRED");
        assertThat(QrPage.describe(refused).get("state")).isEqualTo("REFUSED");
        assertThat(QrPage.describe(refused).get("detail").toString()).contains("1203");
    }

    @Test
    void theButtonsFollowWhatEachTransportCanDo() {
        assertThat(QrPage.describe(LoginState.starting("private", "ilink", AT))).containsEntry("newQr", true).containsEntry("logOut", true);
        assertThat(QrPage.describe(LoginState.starting("puppet", "wechaty", AT))).containsEntry("newQr", false).containsEntry("logOut", true);
        assertThat(QrPage.describe(LoginState.starting("terminal", "terminal", AT))).containsEntry("newQr", false).containsEntry("logOut", false);
    }
}
