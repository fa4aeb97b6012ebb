package io.cow.app.web;

import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web WeChat gives no id that outlives a login, so conversations are kept under names; two contacts who go by one
 * name must never see each other's conversation (checked on what the model was asked).
 */
class SameNameContactsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofMillis(300)).loginPollHold(Duration.ofMillis(200)));
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path dataDir;

    @Test
    void aSecondAliceGetsNeitherTheFirstOnesConversationNorDoesTheFirstKeepTheOneUnderTheirName() {
        SimContact first = sim.addFriend("Alice");
        try (WebBot bot = WebBot.start(sim, fake, dataDir)) {
            sim.scanAndConfirm(WAIT);
            sim.awaitPolling(WAIT);
            ask(first, "my number is 42", 1);

            SimContact second = sim.addFriend("Alice");
            String secondsQuestion = ask(second, "what is my number?", 2);
            assertThat(secondsQuestion).as("the new Alice's request").doesNotContain("my number is 42", "Echo: my number is 42");

            String firstsQuestion = ask(first, "and what did I say before?", 3);
            assertThat(firstsQuestion).as("the first Alice's request: she starts afresh too, sharing her name now")
                    .doesNotContain("what is my number?").doesNotContain("my number is 42");

            String secondAgain = ask(second, "again?", 4);
            assertThat(secondAgain).as("each keeps a conversation of their own within the login")
                    .contains("what is my number?").doesNotContain("and what did I say before?");
        }
    }

    @Test
    void twoAlicesInDifferentCitiesKeepTheirOwnConversationsAcrossANewLogin() {
        SimContact hangzhou = sim.addFriend("Alice").livesIn("Zhejiang", "Hangzhou");
        SimContact shanghai = sim.addFriend("Alice").livesIn("Shanghai", "Shanghai");
        try (WebBot bot = WebBot.start(sim, fake, dataDir)) {
            sim.scanAndConfirm(WAIT);
            sim.awaitPolling(WAIT);
            ask(hangzhou, "my number is 42", 1);
            ask(shanghai, "my number is 7", 2);

            sim.logoutFromPhone(1101);
            String second = Await.value("a new QR uuid", WAIT, () -> sim.qrUuids().size() >= 2 ? sim.qrUuids().get(1) : null);
            sim.scan(second);
            sim.confirm(second);
            sim.awaitPolling(WAIT);

            assertThat(ask(hangzhou, "what is my number?", 3)).contains("my number is 42").doesNotContain("my number is 7");
            assertThat(ask(shanghai, "what is my number?", 4)).contains("my number is 7").doesNotContain("my number is 42");
        }
    }

    /** Sends a question, waits for the model request it makes (the n-th) and for the answer, and returns the request. */
    private String ask(SimContact from, String question, int nth) {
        int answered = sim.sentTo(from).size();
        sim.sendText(from, WebBot.KEYWORD + " " + question);
        List<RecordedRequest> requests;
        try {
            requests = fake.awaitRequests(nth, WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Await.until("the answer to '" + question + "'", WAIT, () -> sim.sentTo(from).size() > answered);
        RecordedRequest request = requests.get(nth - 1);
        assertThat(request.lastUserMessage()).isEqualTo(question);
        return request.body();
    }
}
