package io.cow.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shell script of the deployment parses (bash -n) and passes shellcheck. */
class ShellScriptsTest {

    @TempDir
    Path dir;

    /** The files to check: every script in deploy/, this module's .ci scripts, and the scripts inside YAML. */
    private List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(Repo.file("deploy"))) {
            files.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        scripts.add(Repo.file(".ci/prepare.d/shellcheck.sh"));
        scripts.add(Repo.file(".ci/prepare.d/dockerfile-lint.sh"));
        scripts.add(write("runcommand-tricky.sh", RosTemplate.load().runCommandScript(Samples.tricky("web"))));
        scripts.add(write("runcommand-minimal.sh", RosTemplate.load().runCommandScript(Samples.minimal("web"))));
        scripts.add(write("imagebuilder.sh",
                Repo.yaml(".computenest/config.yaml").path("ImageBuilder").path("EcsImage").path("CommandContent").asText()));
        return scripts;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void deployHoldsTheInstallAndPackageScripts() {
        assertThat(Repo.file("deploy/install.sh")).isRegularFile().isExecutable();
        assertThat(Repo.file("deploy/package.sh")).isRegularFile().isExecutable();
    }

    @Test
    void everyScriptParses() throws IOException {
        Path bash = Tools.bash();
        List<String> failures = new ArrayList<>();
        for (Path script : scripts()) {
            Processes.Result result = Processes.run(List.of(bash.toString(), "-n", script.toString()), dir, Map.of(), Duration.ofSeconds(30));
            if (result.exitCode() != 0) {
                failures.add(script + ": " + result.stderr());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyScriptPassesShellcheck() throws IOException {
        Path shellcheck = Tools.shellcheck();
        List<String> failures = new ArrayList<>();
        for (Path script : scripts()) {
            Processes.Result result = Processes.run(List.of(shellcheck.toString(), "--shell=bash", "--severity=style", script.toString()),
                    dir, Map.of(), Duration.ofSeconds(60));
            if (result.exitCode() != 0) {
                failures.add(result.stdout() + result.stderr());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void shellcheckWouldCatchAMistake() throws IOException {
        Path shellcheck = Tools.shellcheck();
        Path broken = write("broken.sh", "#!/bin/bash\nfile=$1\nrm -rf $file/*\n");
        Processes.Result result = Processes.run(List.of(shellcheck.toString(), "--shell=bash", broken.toString()), dir, Map.of(), Duration.ofSeconds(60));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).contains("SC2086");
    }

    @Test
    void theRunCommandScriptHasNoUnresolvedSubstitutionLeft() {
        String script = RosTemplate.load().runCommandScript(Samples.tricky("web"));
        assertThat(script).doesNotContain("${").startsWith("#!/bin/bash\n").contains("# ---- main ----");
    }
}
