package io.cow.deploy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External tools the checks run. A required tool that is missing skips the test with a message on a developer's
 * machine and fails it in CI (CI=true), where .ci/prepare must have installed it.
 */
final class Tools {

    private Tools() {
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path shellcheck() {
        return require(onPath("shellcheck"), "shellcheck", "installed by .ci/prepare.d/shellcheck.sh (Debian package shellcheck)");
    }

    static Path dockerfileUtils() {
        Path bin = Repo.file(".ci/.tools/dockerfile-utils/node_modules/.bin/dockerfile-utils");
        return require(Files.isExecutable(bin) ? Optional.of(bin) : Optional.empty(), "dockerfile-utils",
                "installed by .ci/prepare.d/dockerfile-lint.sh (npm package dockerfile-utils)");
    }

    static Path bash() {
        return require(onPath("bash"), "bash", "the shell every deployment script is written for");
    }

    private static Path require(Optional<Path> tool, String name, String how) {
        if (tool.isPresent()) {
            return tool.get();
        }
        String message = name + " is missing (" + how + "); run bash .ci/prepare";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort("skipped: " + message);
        throw new IllegalStateException("unreachable");
    }
}
