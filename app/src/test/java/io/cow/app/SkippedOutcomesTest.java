package io.cow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.app.store.SqliteStore;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.channel.RecordingChannel;
import io.cow.testkit.openai.FakeOpenAi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: "the Skipped page lists the recent messages that got no answer, each with its reason (…, duplicate, before
 * start, …)". The bot as {@code run} wires it, console and metrics included, over the real store: a message delivered
 * twice and one written before the start reach the Skipped page's data and the skipped counter with their reasons, and
 * neither is answered, nor counted as chat activity.
 */
class SkippedOutcomesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    final FakeOpenAi fake = FakeOpenAi.start();
    @TempDir
    Path data;

    @Test
    void aDuplicateAndAMessageFromBeforeTheStartAreSkippedWithTheirReasonsOnThePageAndInTheMetric() throws Exception {
        Clock clock = Clock.systemUTC();
        Startup startup = Startup.load(null, Map.of("OPENAI_API_KEY", "sk-skipped-0123456789", "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_DATA_DIR", data.toString(), "COW_MODEL_SELF_TEST", "false", "CHATGPT_TRIGGER_KEYWORD", "bot",
                "COW_CONSOLE_PORT", "0"), Map.of());
        RecordingChannel channel = new RecordingChannel("test").loginAs(new BotAccount("bot-id", "Bot"));
        SqliteStore store = SqliteStore.open(startup.settings(), data, clock);
        try (Monitoring monitoring = Monitoring.create(startup, data, clock);
             Bot bot = BotAssembly.assemble(startup, channel, data, clock, null, store, monitoring)) {
            bot.start();
            String base = "http://127.0.0.1:" + monitoring.console().port();

            IncomingMessage question = text("q1", "bot what time is it?", Instant.now());
            channel.deliver(question);
            channel.awaitSent(1, WAIT);
            channel.deliver(question);
            channel.events().onMessages(List.of(text("q1", "bot what time is it?", Instant.now()),
                    text("old", "bot a question from last week", Instant.now().minus(Duration.ofDays(7)))));
            assertThat(bot.awaitIdle(WAIT)).isTrue();

            JsonNode skipped = JSON.readTree(get(base + "/api/skipped")).path("skipped");
            List<String> rows = new ArrayList<>();
            skipped.forEach(row -> rows.add(row.path("outcome").asText() + " | " + row.path("text").asText() + " | "
                    + row.path("reason").asText()));
            String duplicate = "DUPLICATE | bot what time is it? | duplicate: delivered again; the first delivery was taken in and handled";
            assertThat(rows).as("newest first; in a batch, what is before the start is let go before the inbox is asked")
                    .containsExactly(duplicate,
                            "BEFORE_START | bot a question from last week | before start: written before the bot listened (history is not answered)",
                            duplicate);

            String metrics = get(base + "/metrics");
            assertThat(metrics).contains("cow_messages_skipped_total{reason=\"duplicate\"} 2.0",
                    "cow_messages_skipped_total{reason=\"before_start\"} 1.0", "cow_messages_answered_total 1.0",
                    "cow_messages_received_total 4.0");

            JsonNode overview = JSON.readTree(get(base + "/api/overview"));
            assertThat(overview.toString()).contains("\"DUPLICATE\":2", "\"BEFORE_START\":1");

            assertThat(channel.texts()).as("answered once").hasSize(1);
            assertThat(fake.requests()).hasSize(1);
            JsonNode chats = JSON.readTree(get(base + "/api/chats")).path("chats");
            assertThat(chats).hasSize(1);
            assertThat(chats.get(0).path("messages").asInt()).as("re-deliveries and history are no chat activity").isEqualTo(1);
            assertThat(chats.get(0).path("lastOutcome").asText()).isEqualTo("ANSWERED");
        }
    }

    private static IncomingMessage text(String id, String text, Instant at) {
        return IncomingMessage.text("test", id, Chat.privateChat("u-alice", "Alice"), Sender.person("u-alice", "Alice"), text)
                .createdAt(at).build();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
