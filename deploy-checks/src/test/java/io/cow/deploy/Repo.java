package io.cow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's files as the tests see them. */
final class Repo {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("cow.repo", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** The built bot, {@code app/target/cow.jar}. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("cow.jar", file("app/target/cow.jar").toString())).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build it with mvn -B verify (or ./cow --version) first");
        }
        return jar;
    }

    /** The java running the tests, which the scripts are told to use too. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static String read(String relative) {
        return read(file(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String relative) {
        return yaml(file(relative));
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static JsonNode yamlText(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not valid YAML: " + e.getMessage() + "\n" + text, e);
        }
    }
}
