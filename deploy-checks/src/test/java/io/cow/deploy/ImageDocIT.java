package io.cow.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/deployment.md says what the Docker image holds, with the jar's true size. */
class ImageDocIT {

    @Test
    void theImageSectionStatesWhatItHoldsAndTheJarsSize() throws IOException {
        String docs = Repo.read("docs/deployment.md");
        assertThat(docs).contains("What the image holds", "eclipse-temurin:17-jre", "**Size**");
        Matcher jar = Pattern.compile("`/app/cow\\.jar` \\(the bot with every library it uses,\\s+(\\d+) MB\\)").matcher(docs);
        assertThat(jar.find()).as("the jar's size in docs/deployment.md").isTrue();
        long built = Math.round(Files.size(Repo.jar()) / 1_000_000.0);
        assertThat(Long.parseLong(jar.group(1))).as("MB of app/target/cow.jar").isBetween(built - 2, built + 2);
    }
}
