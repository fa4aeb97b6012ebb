package io.cow.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/deployment.md explains the three ways to deploy, where the QR code is in each, and how to upgrade. */
class DeploymentDocTest {

    private final String readme = Repo.read("docs/deployment.md");

    private String section(String heading) {
        int start = readme.indexOf("\n## " + heading + "\n");
        assertThat(start).as("docs/deployment.md section '%s'", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + 4);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    @Test
    void docker() {
        assertThat(section("Deploy with Docker")).contains("docker compose up -d", "docker compose logs -f", "/app/config.yaml",
                "Upgrade");
    }

    @Test
    void systemd() {
        assertThat(section("Deploy on a Linux server (systemd)")).contains("deploy/install.sh", "journalctl -u cow -f",
                "/var/lib/cow", "Upgrade");
    }

    @Test
    void computeNest() {
        assertThat(section("Deploy on Alibaba Cloud Compute Nest")).contains(".computenest/", "HowToUse",
                "sudo journalctl -u cow -f -o cat", "Upgrade");
    }
}
