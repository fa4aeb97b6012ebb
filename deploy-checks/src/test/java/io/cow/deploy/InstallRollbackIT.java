package io.cow.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/install.sh as root on a machine (--root DIR --as-host, with stand-ins for id, getent, useradd, userdel, chown
 * and systemctl that record what they were asked): it checks everything before it changes anything, and a run that
 * fails leaves every file, folder, mode and time, and the users, as they were.
 */
class InstallRollbackIT {

    @TempDir
    Path tmp;

    private Path root;
    private Path bin;
    private Path calls;

    @BeforeEach
    void standIns() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "server\n");
        bin = Files.createDirectories(tmp.resolve("bin"));
        calls = tmp.resolve("calls.log");
        Path users = tmp.resolve("users");
        standIn("id", "if [ \"${1:-}\" = -u ]; then echo 0; else exec /usr/bin/id \"$@\"; fi");
        standIn("getent", "[ \"$1\" = passwd ] && grep -qx \"$2\" '" + users + "' 2>/dev/null");
        standIn("useradd", "echo \"${@: -1}\" >> '" + users + "'");
        standIn("userdel", "sed -i \"/^$1\\$/d\" '" + users + "'");
        standIn("chown", "true");
        standIn("systemctl", """
                case "$1" in
                  is-active|is-enabled) exit 3 ;;
                  "${FAIL_SYSTEMCTL:-none}") echo "systemctl $1 failed" >&2; exit 1 ;;
                esac""");
    }

    private void standIn(String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/usr/bin/env bash\necho \"" + name + " $*\" >> '" + calls + "'\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Processes.Result install(Map<String, String> extraEnv, Path jar) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        List<String> command = new ArrayList<>(List.of(Tools.bash().toString(), Repo.file("deploy/install.sh").toString(),
                "--root", root.toString(), "--as-host", "--java", Repo.java().toString(), "--jar", jar.toString()));
        return Processes.run(command, tmp, env, Duration.ofMinutes(2));
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void withoutAnApiKeyNothingIsChanged() throws IOException {
        Map<String, String> before = Listing.of(root);

        Processes.Result result = install(Map.of(), Repo.jar());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("no configuration yet").doesNotContain("undoing");
        assertThat(Listing.of(root)).as("the tree below the root").isEqualTo(before);
        assertThat(calls()).noneMatch(c -> c.startsWith("useradd") || c.startsWith("chown") || c.startsWith("systemctl"));
    }

    @Test
    void aFailureAtTheLastStepUndoesEverything() throws IOException {
        Map<String, String> before = Listing.of(root);

        Processes.Result result = install(Map.of("OPENAI_API_KEY", "sk-rollback", "FAIL_SYSTEMCTL", "restart"), Repo.jar());

        assertThat(result.exitCode()).as(result.all()).isNotZero();
        assertThat(result.stderr()).contains("systemctl restart cow failed", "undoing", "as it was before this run");
        assertThat(Listing.of(root)).as("the tree below the root").isEqualTo(before);
        assertThat(calls()).contains("useradd --system --user-group --home-dir /var/lib/cow --no-create-home --shell "
                + Tools.onPath("nologin").map(Path::toString).orElse("/bin/false") + " cow", "userdel cow");
        assertThat(calls()).containsSubsequence("systemctl restart cow", "systemctl daemon-reload", "systemctl disable --quiet cow");
    }

    @Test
    void aFailedUpgradePutsThePreviousInstallationBack() throws IOException {
        Processes.Result first = install(Map.of("OPENAI_API_KEY", "sk-first"), Repo.jar());
        assertThat(first.exitCode()).as(first.all()).isZero();
        Map<String, String> installed = Listing.of(root);

        Path newer = Files.write(tmp.resolve("cow-next.jar"), "a newer build".getBytes());
        Processes.Result upgrade = install(Map.of("OPENAI_API_KEY", "sk-second", "FAIL_SYSTEMCTL", "restart"), newer);

        assertThat(upgrade.exitCode()).as(upgrade.all()).isNotZero();
        assertThat(upgrade.stdout()).contains("installed: /opt/cow/cow.jar", "installed: /etc/cow/config.yaml");
        assertThat(Listing.of(root)).as("the tree below the root").isEqualTo(installed);
        assertThat(calls()).doesNotContain("userdel cow");
    }
}
