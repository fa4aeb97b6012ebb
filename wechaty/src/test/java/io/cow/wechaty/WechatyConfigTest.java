package io.cow.wechaty;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Settings;
import io.cow.core.message.MessageKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WechatyConfigTest {

    private static Settings settings() {
        return Settings.defaults(WechatySettings.all());
    }

    @Test
    void aMissingTokenNamesTheKeyAndTheEnvironmentVariable() {
        assertThatThrownBy(() -> WechatyConfig.from(settings()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechaty.token").hasMessageContaining("WECHATY_PUPPET_SERVICE_TOKEN");
    }

    @Test
    void tlsIsTheDefaultAndTheServerNameComesFromTheTokensPrefix() {
        WechatyConfig config = WechatyConfig.from(settings().with(WechatySettings.TOKEN, "puppet_PAIMON_1234-abcd"));
        assertThat(config.tls()).isTrue();
        assertThat(config.effectiveServerName()).contains("puppet_paimon");
        assertThat(WechatyConfig.from(settings().with(WechatySettings.TOKEN, "no-prefix")).effectiveServerName()).isEmpty();
        assertThat(WechatyConfig.from(settings().with(WechatySettings.TOKEN, "insecure_x")
                .with(WechatySettings.TLS_SERVER_NAME, "gw.example")).effectiveServerName()).contains("gw.example");
    }

    @Test
    void theWatchdogMustWaitLongerThanTheDingInterval() {
        Settings wrong = settings().with(WechatySettings.TOKEN, "t_1")
                .with(WechatySettings.DING_INTERVAL, Duration.ofSeconds(30))
                .with(WechatySettings.WATCHDOG_TIMEOUT, Duration.ofSeconds(20));
        assertThatThrownBy(() -> WechatyConfig.from(wrong)).hasMessageContaining("wechaty.watchdogTimeout");
    }

    @Test
    void endpointsAreHostAndPort() {
        var type = WechatySettings.hostPort();
        assertThat(type.parse("127.0.0.1:8788")).isEqualTo("127.0.0.1:8788");
        assertThat(type.parse("gw.example.com:443")).isEqualTo("gw.example.com:443");
        assertThat(type.parse("[::1]:8788")).isEqualTo("[::1]:8788");
        assertThat(type.parse("")).isEmpty();
        for (String bad : new String[]{"gw.example.com", "http://gw:1", "gw:0", "gw:70000"}) {
            assertThatThrownBy(() -> type.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void wireTypeNumbersFollowWechatyPuppetNotTheProtoEnum() {
        assertThat(MessageTypes.kind(7)).isEqualTo(MessageKind.TEXT);
        assertThat(MessageTypes.kind(6)).isEqualTo(MessageKind.IMAGE);
        assertThat(MessageTypes.kind(15)).isEqualTo(MessageKind.VIDEO);
        assertThat(MessageTypes.kind(2)).isEqualTo(MessageKind.VOICE);
        assertThat(MessageTypes.kind(13)).isEqualTo(MessageKind.RECALL);
        assertThat(MessageTypes.kind(0)).isEqualTo(MessageKind.OTHER);
    }
}
