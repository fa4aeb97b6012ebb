package io.cow.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsResolverTest {

    private final SettingsResolver resolver = new SettingsResolver(CoreSettings.all());

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings s = resolver.resolve(Map.of(), "none", Map.of(), Map.of()).settings();
        assertThat(s.get(CoreSettings.MODEL_NAME)).isEqualTo("gpt-4o");
        assertThat(s.get(CoreSettings.MODEL_TEMPERATURE)).isEqualTo(0.8);
        assertThat(s.get(CoreSettings.REPLY_CHUNK_SIZE)).isEqualTo(500);
        assertThat(s.get(CoreSettings.ERROR_MESSAGE)).isEqualTo("🤖️：ChatGPT摆烂了，请稍后再试～");
        assertThat(s.get(CoreSettings.DATA_DIR)).isEqualTo("./data");
    }

    @Test
    void theOriginalThreeKeyFileWorks() {
        Map<String, Object> file = Map.of("openaiApiKey", "sk-original", "openaiOrganizationID", "org-1", "chatgptTriggerKeyword", "Hi bot:");
        Settings s = resolver.resolve(file, "config.yaml", Map.of(), Map.of()).settings();
        assertThat(s.get(CoreSettings.OPENAI_API_KEY)).isEqualTo("sk-original");
        assertThat(s.get(CoreSettings.OPENAI_ORGANIZATION_ID)).isEqualTo("org-1");
        assertThat(s.get(CoreSettings.TRIGGER_KEYWORD)).isEqualTo("Hi bot:");
    }

    @Test
    void environmentBeatsFileAndFileBeatsDefaults() {
        Map<String, Object> file = Map.of("model", Map.of("name", "from-file", "temperature", 0.2), "chatgptTriggerKeyword", "file:");
        Map<String, String> env = Map.of("OPENAI_MODEL", "from-env", "CHATGPT_TRIGGER_KEYWORD", "env:", "COW_MODEL_TIMEOUT", "5s");
        Settings s = resolver.resolve(file, "config.yaml", env, Map.of()).settings();
        assertThat(s.get(CoreSettings.MODEL_NAME)).isEqualTo("from-env");
        assertThat(s.get(CoreSettings.TRIGGER_KEYWORD)).isEqualTo("env:");
        assertThat(s.get(CoreSettings.MODEL_TEMPERATURE)).isEqualTo(0.2);
        assertThat(s.get(CoreSettings.MODEL_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.value(CoreSettings.MODEL_NAME).origin()).isEqualTo("environment variable OPENAI_MODEL");
    }

    @Test
    void anEmptyEnvironmentVariableCountsAsUnset() {
        Settings s = resolver.resolve(Map.of("chatgptTriggerKeyword", "file:"), "config.yaml",
                Map.of("CHATGPT_TRIGGER_KEYWORD", ""), Map.of()).settings();
        assertThat(s.get(CoreSettings.TRIGGER_KEYWORD)).isEqualTo("file:");
    }

    @Test
    void flatDottedKeysWorkLikeNestedOnes() {
        Settings s = resolver.resolve(Map.of("model.baseUrl", "http://127.0.0.1:1/v1/"), "c", Map.of(), Map.of()).settings();
        assertThat(s.get(CoreSettings.MODEL_BASE_URL)).isEqualTo("http://127.0.0.1:1/v1");
    }

    @Test
    void everyWrongValueIsReportedWithItsKeyOriginAndWhatIsAllowed() {
        Map<String, Object> file = Map.of("model", Map.of("temperature", "hot"), "reply", Map.of("chunkSize", 5));
        assertThatThrownBy(() -> resolver.resolve(file, "config.yaml", Map.of("COW_MODEL_TIMEOUT", "soon"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "config key 'model.temperature' (from config.yaml): 'hot' is not allowed; use a number from 0 to 2",
                        "config key 'reply.chunkSize' (from config.yaml): '5' is not allowed; use a whole number from 20 to 100000",
                        "config key 'model.timeout' (from environment variable COW_MODEL_TIMEOUT): 'soon' is not allowed; "
                                + "use a duration from 100ms to 30m (e.g. 500ms, 30s, 5m, 1h)"));
    }

    @Test
    void aWrongSecretIsNotEchoed() {
        Setting<Integer> secretNumber = Setting.of("pin", SettingTypes.integer(0, 9), 0, "").asSecret();
        assertThatThrownBy(() -> new SettingsResolver(List.of(secretNumber)).resolve(Map.of("pin", "hunter2"), "c", Map.of(), Map.of()))
                .hasMessageNotContaining("hunter2").hasMessageContaining("'pin'");
    }

    @Test
    void unknownKeysAreWarningsNotErrorsAndAMisspeltOneNamesTheKeyItMeant() {
        SettingsResolver.Result result = resolver.resolve(Map.of("openaiApikey", "k", "model", Map.of("nmae", "x"),
                        "extraStuff", 1), "config.yaml", Map.of(), Map.of());
        assertThat(result.warnings()).containsExactly(
                "config key 'extraStuff' in config.yaml is not used by this version (ignored)",
                "config key 'model.nmae' in config.yaml is not a key; did you mean 'model.name'? (ignored)",
                "config key 'openaiApikey' in config.yaml is not a key; did you mean 'openaiApiKey'? (ignored)");
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(SettingsResolver.editDistance("model.name", "model.name")).isZero();
        assertThat(SettingsResolver.editDistance("model.nmae", "model.name")).isEqualTo(2);
        assertThat(SettingsResolver.editDistance("chatgptTriggerKeywrd", "chatgptTriggerKeyword")).isEqualTo(1);
        assertThat(SettingsResolver.editDistance("", "abc")).isEqualTo(3);
        assertThat(SettingsResolver.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void secretsAreRedactedForDisplay() {
        Settings s = resolver.resolve(Map.of("openaiApiKey", "sk-visible-secret"), "c", Map.of(), Map.of()).settings();
        assertThat(s.value(CoreSettings.OPENAI_API_KEY).display()).doesNotContain("visible").contains("redacted");
    }

    @Test
    void automaticEnvironmentNames() {
        assertThat(Setting.automaticEnvName("model.baseUrl")).isEqualTo("COW_MODEL_BASE_URL");
        assertThat(Setting.automaticEnvName("ilink.cdnBaseUrl")).isEqualTo("COW_ILINK_CDN_BASE_URL");
        assertThat(Setting.automaticEnvName("dataDir")).isEqualTo("COW_DATA_DIR");
        assertThat(Setting.automaticEnvName("channel")).isEqualTo("COW_CHANNEL");
    }
}
