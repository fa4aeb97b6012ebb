package io.cow.app.config;

import io.cow.app.Startup;
import io.cow.core.config.ConfigException;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aConfigFileWrittenForTheOriginalWorksUnchanged() throws Exception {
        Path file = write("config.yaml", """
                openaiApiKey: "sk-original-0000"
                openaiOrganizationID: "org-original"
                chatgptTriggerKeyword: "Hi bot:"
                """);
        Startup startup = Startup.load(file, Map.of(), Map.of());
        Settings s = startup.settings();
        assertThat(s.get(CoreSettings.OPENAI_API_KEY)).isEqualTo("sk-original-0000");
        assertThat(s.get(CoreSettings.OPENAI_ORGANIZATION_ID)).isEqualTo("org-original");
        assertThat(s.get(CoreSettings.TRIGGER_KEYWORD)).isEqualTo("Hi bot:");
        assertThat(startup.warnings()).isEmpty();
        startup.requireApiKey();
    }

    @Test
    void theFileComesFromCowConfigWhenNoOptionIsGiven() throws Exception {
        Path file = write("other.yaml", "chatgptTriggerKeyword: from-env-file\n");
        Startup startup = Startup.load(null, Map.of("COW_CONFIG", file.toString()), Map.of());
        assertThat(startup.settings().get(CoreSettings.TRIGGER_KEYWORD)).isEqualTo("from-env-file");
        assertThat(startup.loaded().file()).isEqualTo(file);
    }

    @Test
    void aMissingExplicitFileIsAnError() {
        assertThatThrownBy(() -> Startup.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml (from --config) does not exist");
    }

    @Test
    void invalidYamlNamesTheFileAndLine() throws Exception {
        Path file = write("bad.yaml", "openaiApiKey: sk-1\nmodel:\n  name: [unclosed\n");
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bad.yaml is not valid YAML at line");
    }

    @Test
    void aFileThatIsNotKeysAndValuesIsAnError() throws Exception {
        Path file = write("list.yaml", "- a\n- b\n");
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must hold keys and values");
    }

    @Test
    void anEmptyFileMeansDefaults() throws Exception {
        Path file = write("empty.yaml", "");
        assertThat(Startup.load(file, Map.of(), Map.of()).settings().get(CoreSettings.MODEL_NAME)).isEqualTo("gpt-4o");
    }

    @Test
    void noApiKeySaysHowToSetOne() throws Exception {
        Startup startup = Startup.load(write("c.yaml", "chatgptTriggerKeyword: x\n"), Map.of(), Map.of());
        assertThatThrownBy(startup::requireApiKey).isInstanceOf(ConfigException.class)
                .hasMessageContaining("openaiApiKey").hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void anUnknownChannelNamesTheChannelsOfThisBuild() throws Exception {
        assertThatThrownBy(() -> Startup.load(write("c.yaml", "channel: telegram\n"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config key 'channel' (from " + dir.resolve("c.yaml") + "): 'telegram' is not allowed")
                .hasMessageContaining("terminal");
    }

    @Test
    void environmentBeatsTheFileAndTheCommandLineBeatsBoth() throws Exception {
        Path file = write("c.yaml", "dataDir: /from/file\nmodel:\n  name: from-file\n");
        Startup startup = Startup.load(file, Map.of("OPENAI_MODEL", "from-env", "COW_DATA_DIR", "/from/env"),
                Map.of("dataDir", "/from/option"));
        assertThat(startup.settings().get(CoreSettings.MODEL_NAME)).isEqualTo("from-env");
        assertThat(startup.settings().get(CoreSettings.DATA_DIR)).isEqualTo("/from/option");
    }

    @Test
    void aSyntaxErrorOnTheKeyLineSaysWhereButNeverShowsTheLine() throws Exception {
        Path file = write("quote.yaml", "chatgptTriggerKeyword: x\nopenaiApiKey: \"sk-unterminated-SECRET-4711\nmodel:\n  name: gpt-4o\n");
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quote.yaml is not valid YAML at line")
                .hasMessageContaining("the line is not shown")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET-4711").doesNotContain("sk-unterminated"));
    }

    @Test
    void aFileSavedAsGbkIsNamedAsSuchWithWhatToDo() throws Exception {
        Path file = dir.resolve("gbk.yaml");
        Files.write(file, "openaiApiKey: sk-1\nchatgptTriggerKeyword: 你好机器人\n".getBytes(Charset.forName("GBK")));
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not UTF-8 text (line 2 is not)")
                .hasMessageContaining("it looks like GBK")
                .hasMessageContaining("save it as UTF-8");
    }

    @Test
    void aHugeFileIsRefusedWithoutReadingIt() throws Exception {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(60L << 20);
        }
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("huge.yaml is 60 MB, but a config file is a few KB");
    }

    @Test
    void aYamlAliasIsRefusedClearly() throws Exception {
        Path file = write("alias.yaml", "openaiApiKey: &key sk-1\nwechaty:\n  token: *key\n");
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("uses the YAML alias *key at line 3")
                .hasMessageContaining("write the value out where it is used");
    }

    @Test
    void aKeyGivenTwiceIsReportedWrittenTwiceOrFlatAndNested() throws Exception {
        Path twice = write("twice.yaml", "openaiApiKey: sk-1\nchatgptTriggerKeyword: a\nchatgptTriggerKeyword: b\n");
        assertThatThrownBy(() -> Startup.load(twice, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("twice.yaml gives the key 'chatgptTriggerKeyword' twice")
                .hasMessageContaining("keep one");

        Path flatAndNested = write("both.yaml", "openaiApiKey: sk-1\nmodel.name: gpt-4o\nmodel:\n  name: gpt-4o-mini\n");
        assertThatThrownBy(() -> Startup.load(flatAndNested, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gives the key 'model.name' twice, written flat and nested");
    }

    @Test
    void aSecretWithALineBreakIsRefusedWithoutShowingIt() throws Exception {
        Path file = write("crlf.yaml", "openaiApiKey: \"sk-pasted-9931\\r\\n\"\n");
        assertThatThrownBy(() -> Startup.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config key 'openaiApiKey'")
                .hasMessageContaining("holds a line break or another control character")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-pasted-9931"));
        assertThatThrownBy(() -> Startup.load(null, Map.of("OPENAI_API_KEY", "sk-env-1\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("environment variable OPENAI_API_KEY");
    }
}
