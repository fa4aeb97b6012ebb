package io.cow.ilink;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingsResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IlinkSettingsTest {

    private final SettingsResolver resolver = new SettingsResolver(List.<Setting<?>>copyOf(IlinkSettings.all()));

    @Test
    void defaultsPointAtTheRealServiceAndTheEnvironmentOverridesThem() {
        IlinkConfig defaults = IlinkConfig.from(resolver.resolve(Map.of(), "test", Map.of(), Map.of()).settings());
        assertThat(defaults.baseUrl()).isEqualTo("https://ilinkai.weixin.qq.com");
        assertThat(defaults.cdnBaseUrl()).isEqualTo("https://novac2c.cdn.weixin.qq.com/c2c");
        assertThat(defaults.chunkSize()).isEqualTo(2000);
        assertThat(defaults.pollTimeout()).as("longer than the server's 35 s hold").isGreaterThan(Duration.ofSeconds(35));

        IlinkConfig fromEnv = IlinkConfig.from(resolver.resolve(Map.of(), "test",
                Map.of("COW_ILINK_BASE_URL", "http://127.0.0.1:1234/", "COW_ILINK_CDN_BASE_URL", "http://127.0.0.1:1234/c2c"),
                Map.of()).settings());
        assertThat(fromEnv.baseUrl()).isEqualTo("http://127.0.0.1:1234");
        assertThat(fromEnv.cdnBaseUrl()).isEqualTo("http://127.0.0.1:1234/c2c");
        assertThat(fromEnv.scheme()).isEqualTo("http");
    }

    @Test
    void aWrongValueNamesTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("ilink", Map.of("clientVersion", "2.4")), "config.yaml", Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ilink.clientVersion").hasMessageContaining("major.minor.patch");
        assertThatThrownBy(() -> resolver.resolve(Map.of(), "config.yaml", Map.of("COW_ILINK_CHUNK_SIZE", "5000"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ilink.chunkSize");
    }
}
