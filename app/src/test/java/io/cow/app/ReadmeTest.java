package io.cow.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README true: every configuration key the build reads is documented there. */
class ReadmeTest {

    @Test
    void everyConfigurationKeyIsDocumented() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("cow.repo", "..")).resolve("README.md"));
        List<String> undocumented = Startup.load(null, Map.of(), Map.of()).settings().all().stream()
                .map(v -> v.setting().key())
                .filter(key -> !readme.contains("`" + key + "`"))
                .toList();
        assertThat(undocumented)
                .as("config keys missing from README.md (add each, in backticks, to a configuration table)")
                .isEmpty();
    }

    @Test
    void theTwoCommandsAreAtTheTop() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("cow.repo", "..")).resolve("README.md"));
        String top = readme.substring(0, Math.min(readme.length(), 1500));
        assertThat(top).contains("./cow").contains("mvn -B verify");
        assertThat(Files.readString(Path.of(System.getProperty("cow.repo", "..")).resolve(".ci/run"))).contains("exec mvn -B verify");
    }
}
