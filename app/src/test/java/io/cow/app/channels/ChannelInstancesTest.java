package io.cow.app.channels;

import io.cow.app.Startup;
import io.cow.core.config.ConfigException;
import io.cow.core.config.CoreSettings;
import io.cow.core.secret.Secrets;
import io.cow.web.WebOptions;
import io.cow.web.WebSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code channel:} and {@code channels:} become the channel instances to run, and how mistakes are named. */
class ChannelInstancesTest {

    private static final String KEY = "openaiApiKey: sk-instances-0123456789\n";

    @TempDir
    Path dir;

    private List<InstanceConfig> instances(String yaml, Map<String, String> env) {
        try {
            Path config = Files.writeString(dir.resolve("config.yaml"), KEY + "dataDir: " + dir.resolve("data") + "\n" + yaml);
            return Startup.load(config, env, Map.of()).configure().instances();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<InstanceConfig> instances(String yaml) {
        return instances(yaml, Map.of());
    }

    private List<String> problems(String yaml) {
        try {
            instances(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the configuration was accepted:\n" + yaml);
    }

    @Test
    void theSingleChannelShorthandIsOneInstanceNamedAfterItsType() {
        assertThat(instances("")).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("web");
            assertThat(i.type()).isEqualTo("web");
        });
        assertThat(instances("channel: terminal\n")).extracting(InstanceConfig::name).containsExactly("terminal");
    }

    @Test
    void eachInstanceHasItsTypesKeysWithoutPrefixAndItsOwnKeywordAndPrompt() {
        List<InstanceConfig> all = instances("""
                chatgptTriggerKeyword: "Hi bot:"
                web:
                  sendInterval: 2s
                  endpoint: http://127.0.0.1:1/
                channels:
                  - name: groups
                    type: web
                    endpoint: http://127.0.0.1:2/
                  - name: family
                    type: web
                    keyword: ""
                    systemPrompt: Be kind.
                    sendInterval: 1s
                  - name: private
                    type: ilink
                    baseUrl: http://127.0.0.1:3
                """, Map.of("COW_WEB_ENDPOINT", "http://127.0.0.1:9/"));
        assertThat(all).extracting(InstanceConfig::name).containsExactly("groups", "family", "private");
        assertThat(all).extracting(InstanceConfig::type).containsExactly("web", "web", "ilink");

        WebOptions groups = (WebOptions) all.get(0).channel().config();
        WebOptions family = (WebOptions) all.get(1).channel().config();
        assertThat(groups.endpoint()).as("the instance's own key wins over the environment").contains("http://127.0.0.1:2");
        assertThat(family.endpoint()).as("the shared value, here from the environment").contains("http://127.0.0.1:9");
        assertThat(groups.sendInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(family.sendInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(all.get(0).settings().get(CoreSettings.TRIGGER_KEYWORD)).isEqualTo("Hi bot:");
        assertThat(all.get(1).settings().get(CoreSettings.TRIGGER_KEYWORD)).isEmpty();
        assertThat(all.get(1).settings().get(CoreSettings.SYSTEM_PROMPT)).isEqualTo("Be kind.");
        assertThat(all.get(0).settings().get(CoreSettings.SYSTEM_PROMPT)).isEqualTo(CoreSettings.DEFAULT_SYSTEM_PROMPT);
        assertThat(all.get(1).settings().value(WebSettings.SEND_INTERVAL).origin()).startsWith("channels[family] in ");
    }

    @Test
    void eachInstanceMayHaveItsOwnAccessLists() {
        List<InstanceConfig> all = instances("""
                access:
                  deny: [Spammer]
                channels:
                  - name: groups
                    type: web
                    access:
                      allow: ["group:Team", "group:/Family.*/"]
                  - name: private
                    type: ilink
                """);
        assertThat(all.get(0).settings().get(CoreSettings.ACCESS_ALLOW)).containsExactly("group:Team", "group:/Family.*/");
        assertThat(all.get(1).settings().get(CoreSettings.ACCESS_ALLOW)).isEmpty();
        assertThat(all).allSatisfy(i -> assertThat(i.settings().get(CoreSettings.ACCESS_DENY)).containsExactly("Spammer"));
        assertThat(problems("channels:\n  - name: x\n    type: web\n    access: {allow: ['/[/']}\n")).singleElement().asString()
                .contains("access.allow", "channels[x]");
    }

    @Test
    void anInstancesSecretIsKeptOutOfLogs() {
        instances("""
                channels:
                  - name: puppet
                    type: wechaty
                    token: puppet_secret_token_0123456789
                """);
        assertThat(Secrets.redact("token puppet_secret_token_0123456789")).doesNotContain("puppet_secret_token_0123456789");
    }

    @Test
    void mistakesNameTheInstanceAndTheKey() {
        assertThat(problems("channels:\n  - type: web\n")).singleElement().asString()
                .contains("'channels', entry 1", "'name' is missing");
        assertThat(problems("channels:\n  - name: a b\n    type: web\n")).singleElement().asString()
                .contains("'a b' is not allowed", "letters, digits");
        assertThat(problems("channels:\n  - name: x\n    type: telegram\n")).singleElement().asString()
                .contains("type 'telegram' is not a channel of this build", "ilink", "web", "wechaty");
        assertThat(problems("channels:\n  - name: x\n    type: web\n  - name: x\n    type: ilink\n")).singleElement().asString()
                .contains("two instances are named 'x'");
        assertThat(problems("channels:\n  - name: x\n    type: web\n    endpiont: http://127.0.0.1:1\n")).singleElement().asString()
                .contains("'channels[x].endpiont'", "not a key of a web channel instance", "endpoint", "keyword", "systemPrompt");
        assertThat(problems("channels:\n  - name: x\n    type: web\n    sendInterval: soon\n")).singleElement().asString()
                .contains("'web.sendInterval' (from channels[x] in ", "'soon' is not allowed");
        assertThat(problems("channels:\n  - name: puppet\n    type: wechaty\n")).singleElement().asString()
                .startsWith("channels[puppet]: ").contains("wechaty.token");
        assertThat(problems("channel: web\nchannels:\n  - name: x\n    type: web\n")).singleElement().asString()
                .contains("'channel' and 'channels' are both set");
        assertThat(problems("channels:\n  - {name: a, type: terminal}\n  - {name: b, type: terminal}\n")).singleElement().asString()
                .contains("more than one terminal instance");
        assertThat(problems("channels: web\n")).singleElement().asString()
                .contains("config key 'channels'", "a list of channel instances");
        assertThat(problems("alerts:\n  ownerChannel: nobody\nchannels:\n  - name: x\n    type: web\n")).singleElement().asString()
                .contains("alerts.ownerChannel", "'nobody' is not a channel instance", "x");
    }

    @Test
    void everyMistakeOfEveryInstanceIsReportedAtOnce() {
        assertThat(problems("""
                channels:
                  - name: one
                    type: wechaty
                  - name: two
                    type: web
                    uos: maybe
                  - type: ilink
                """)).hasSize(3);
    }
}
