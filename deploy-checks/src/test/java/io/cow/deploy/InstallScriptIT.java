package io.cow.deploy;

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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/install.sh, run for real into a temporary root folder (--root DIR --no-start). */
class InstallScriptIT {

    @TempDir
    Path tmp;

    private Processes.Result install(Path script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.bash().toString(), script.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, tmp, env, Duration.ofMinutes(2));
    }

    private Processes.Result install(Path root, Map<String, String> env, Path jar) {
        return install(Repo.file("deploy/install.sh"), env, "--root", root.toString(), "--no-start",
                "--java", Repo.java().toString(), "--jar", jar.toString());
    }

    private Map<String, String> settings(String channel) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-install-'check'$HOME");
        env.put("OPENAI_ORGANIZATION_KEY", "org-1");
        env.put("CHATGPT_TRIGGER_KEYWORD", "Hi bot:");
        env.put("OPENAI_MODEL", "qwen-plus");
        env.put("OPENAI_BASE_URL", "https://dashscope.aliyuncs.com/compatible-mode/v1");
        env.put("COW_CHANNEL", channel);
        return env;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void installsTheLayoutAndASecondRunChangesNothing() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        String channel = Cow.deployableChannel(tmp, "web", List.of("web", "ilink"));
        Processes.Result first = install(root, settings(channel), Repo.jar());
        assertThat(first.exitCode()).as(first.all()).isZero();
        Map<String, String> afterFirst = Listing.of(root);

        assertThat(Listing.sha256(root.resolve("opt/cow/cow.jar"))).isEqualTo(Listing.sha256(Repo.jar()));
        assertThat(mode(root.resolve("opt/cow/cow.jar"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("etc/cow"))).isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve("etc/cow/config.yaml"))).isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("var/lib/cow"))).isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve("etc/systemd/system/cow.service"))).isEqualTo("rw-r--r--");
        String unit = Files.readString(root.resolve("etc/systemd/system/cow.service"));
        assertThat(Listing.sha256(root.resolve("opt/cow/jvm.options"))).isEqualTo(Listing.sha256(Repo.file("deploy/jvm.options")));
        assertThat(unit).contains("ExecStart=" + Repo.java() + " @/opt/cow/jvm.options $COW_JAVA_OPTS -jar /opt/cow/cow.jar run")
                .contains("User=cow", "Environment=COW_CONFIG=/etc/cow/config.yaml", "Environment=COW_DATA_DIR=/var/lib/cow",
                        "Environment=LC_CTYPE=C.UTF-8",
                        "ReadWritePaths=/var/lib/cow", "Restart=always")
                .doesNotContain("@JAVA@");

        Processes.Result second = install(root, settings(channel), Repo.jar());
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(Listing.of(root)).as("the second run changes nothing").isEqualTo(afterFirst);
        assertThat(second.stdout()).contains("unchanged: /opt/cow/cow.jar", "unchanged: /opt/cow/jvm.options", "unchanged: /etc/cow/config.yaml",
                "unchanged: /etc/systemd/system/cow.service").doesNotContain("installed:");
    }

    @Test
    void theConfigurationItWritesIsAcceptedByCheckConfig() {
        Path root = tmp.resolve("root");
        String channel = Cow.deployableChannel(tmp, "web", List.of("web", "ilink"));
        assertThat(root.toFile().mkdir()).isTrue();
        Processes.Result result = install(root, settings(channel), Repo.jar());
        assertThat(result.exitCode()).as(result.all()).isZero();
        Processes.Result check = Cow.checkConfig(root.resolve("etc/cow/config.yaml"));
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).containsPattern("chatgptTriggerKeyword += Hi bot: +\\[config file]")
                .containsPattern("model.name += qwen-plus +\\[config file]")
                .containsPattern("channel += " + channel + " +\\[config file]")
                .doesNotContain("sk-install");
    }

    @Test
    void theConsoleListensOnLocalhostOnItsPortAndOnAllAddressesOnlyWithAPassword() throws IOException {
        String channel = Cow.deployableChannel(tmp, "web", List.of("web", "ilink"));
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        assertThat(install(plain, settings(channel), Repo.jar()).exitCode()).isZero();
        var console = Repo.yaml(plain.resolve("etc/cow/config.yaml")).path("console");
        assertThat(console.path("port").asInt()).isEqualTo(9899);
        assertThat(console.has("host")).as("the default, 127.0.0.1").isFalse();
        assertThat(console.has("password")).isFalse();

        Path open = Files.createDirectory(tmp.resolve("open"));
        Map<String, String> withPassword = settings(channel);
        withPassword.put("COW_CONSOLE_PASSWORD", "it's a $ecret console");
        withPassword.put("COW_CONSOLE_PORT", "9900");
        Processes.Result result = install(open, withPassword, Repo.jar());
        assertThat(result.exitCode()).as(result.all()).isZero();
        console = Repo.yaml(open.resolve("etc/cow/config.yaml")).path("console");
        assertThat(console.path("port").asInt()).isEqualTo(9900);
        assertThat(console.path("host").asText()).isEqualTo("0.0.0.0");
        assertThat(console.path("password").asText()).isEqualTo("it's a $ecret console");
        Processes.Result check = Cow.checkConfig(open.resolve("etc/cow/config.yaml"));
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).containsPattern("console.host += 0.0.0.0 +\\[config file]")
                .containsPattern("console.port += 9900 +\\[config file]")
                .doesNotContain("$ecret");
        Map<String, String> badPort = settings(channel);
        badPort.put("COW_CONSOLE_PORT", "http");
        Processes.Result refused = install(Files.createDirectory(tmp.resolve("refused")), badPort, Repo.jar());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("--console-port must be a port number");
    }

    @Test
    void anUpgradeReplacesTheJarAndKeepsTheConfigurationAndTheData() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Processes.Result first = install(root, settings("web"), Repo.jar());
        assertThat(first.exitCode()).as(first.all()).isZero();
        Path login = Files.writeString(root.resolve("var/lib/cow/login-state"), "logged in");
        String configBefore = Listing.describe(root.resolve("etc/cow/config.yaml"));
        String loginBefore = Listing.describe(login);

        Path newer = Files.write(tmp.resolve("cow-next.jar"), "a newer build".getBytes());
        Processes.Result upgrade = install(root, Map.of(), newer);
        assertThat(upgrade.exitCode()).as(upgrade.all()).isZero();
        assertThat(upgrade.stdout()).contains("installed: /opt/cow/cow.jar", "kept: /etc/cow/config.yaml");
        assertThat(Listing.sha256(root.resolve("opt/cow/cow.jar"))).isEqualTo(Listing.sha256(newer));
        assertThat(Listing.describe(root.resolve("etc/cow/config.yaml"))).isEqualTo(configBefore);
        assertThat(Listing.describe(login)).isEqualTo(loginBefore);
    }

    @Test
    void changedSettingsRewriteTheConfiguration() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        assertThat(install(root, settings("web"), Repo.jar()).exitCode()).isZero();
        Map<String, String> changed = settings("web");
        changed.put("OPENAI_MODEL", "gpt-4o-mini");
        Processes.Result again = install(root, changed, Repo.jar());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("installed: /etc/cow/config.yaml");
        assertThat(Repo.yaml(root.resolve("etc/cow/config.yaml")).path("model").path("name").asText()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void thePackageInstallsWithoutACheckout() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Processes.Result packed = Processes.run(List.of(Tools.bash().toString(), Repo.file("deploy/package.sh").toString(),
                "--jar", Repo.jar().toString(), "--out", out.toString()), tmp, Map.of(), Duration.ofMinutes(1));
        assertThat(packed.exitCode()).as(packed.all()).isZero();
        Path tarball = out.resolve("cow-package.tar.gz");
        Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
        Processes.Result untar = Processes.run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), tmp,
                Map.of(), Duration.ofMinutes(1));
        assertThat(untar.exitCode()).as(untar.all()).isZero();
        assertThat(unpacked.resolve("cow-package/install.sh")).isExecutable();

        Path root = Files.createDirectory(tmp.resolve("root"));
        Processes.Result result = install(unpacked.resolve("cow-package/install.sh"), Map.of(), "--root", root.toString(),
                "--no-start", "--java", Repo.java().toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("no configuration written");
        assertThat(Listing.sha256(root.resolve("opt/cow/cow.jar"))).isEqualTo(Listing.sha256(Repo.jar()));
        assertThat(Listing.sha256(root.resolve("opt/cow/jvm.options"))).isEqualTo(Listing.sha256(Repo.file("deploy/jvm.options")));
        assertThat(root.resolve("etc/cow/config.yaml")).doesNotExist();
    }

    @Test
    void theInstalledUnitPassesSystemdAnalyzeVerify() throws IOException {
        Optional<Path> analyze = Tools.onPath("systemd-analyze");
        org.junit.jupiter.api.Assumptions.assumeTrue(analyze.isPresent(), "systemd-analyze is not installed; the unit check is skipped");
        Path root = Files.createDirectory(tmp.resolve("root"));
        assertThat(install(root, settings("web"), Repo.jar()).exitCode()).isZero();
        Processes.Result verify = Processes.run(List.of(analyze.get().toString(), "verify",
                root.resolve("etc/systemd/system/cow.service").toString()), tmp, Map.of(), Duration.ofMinutes(1));
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.stdout() + verify.stderr()).as("warnings of systemd-analyze").isBlank();
    }

    @Test
    void wrongUsageFailsWithAReason() {
        Processes.Result unknown = install(Repo.file("deploy/install.sh"), Map.of(), "--frobnicate");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("unknown option: --frobnicate", "Usage:");

        Processes.Result badJava = install(Repo.file("deploy/install.sh"), Map.of(), "--root", tmp.toString(), "--no-start",
                "--java", tmp.resolve("no-java").toString(), "--jar", Repo.jar().toString());
        assertThat(badJava.exitCode()).isNotZero();
        assertThat(badJava.stderr()).contains("is not a Java 17 or newer");
    }
}
