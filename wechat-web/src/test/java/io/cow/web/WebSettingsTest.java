package io.cow.web;

import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebSettingsTest {

    @Test
    void defaultsAreUosDesktopModeAgainstTheRealHosts() {
        WebOptions options = WebOptions.defaults();

        assertThat(options.endpoint()).isEmpty();
        assertThat(options.uos()).isTrue();
        assertThat(options.clientVersion()).isEqualTo("2.0.0");
        assertThat(options.userAgent()).contains("UOS");
        assertThat(Base64.getDecoder().decode(options.extspam())).isNotEmpty();
        assertThat(options.sendInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.reloginInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.hotLogin()).isTrue();
        assertThat(options.pushLogin()).isTrue();
    }

    @Test
    void everyKeyIsUnderWebAndTheEndpointHasItsEnvironmentVariable() {
        assertThat(WebSettings.all()).allSatisfy(s -> assertThat(s.key()).startsWith("web."));
        assertThat(WebSettings.ENDPOINT.envNames()).contains("COW_WEB_ENDPOINT");
        assertThat(WebSettings.EXTSPAM.secret()).isTrue();
        Settings withEndpoint = Settings.defaults(WebSettings.all()).with(WebSettings.ENDPOINT, "http://127.0.0.1:9000");
        assertThat(WebOptions.from(withEndpoint).endpoint()).contains("http://127.0.0.1:9000");
        assertThat(WebSettings.all().stream().map(Setting::key).distinct()).hasSize(WebSettings.all().size());
    }
}
