package io.cow.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake answers with the real API's shapes; these are what the OpenAI client parses. */
class FakeOpenAiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeOpenAi fake = FakeOpenAi.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sk-x").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCompletionHasTheRealShape() throws Exception {
        HttpResponse<String> response = post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Echo: hi");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
        assertThat(fake.requests().get(0).header("authorization")).isEqualTo("Bearer sk-x");
    }

    @Test
    void aStreamHasRoleChunkContentChunksFinishUsageAndDone() throws Exception {
        fake.answerWith("Hello there, friend");
        HttpResponse<String> response = post("{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String> data = new ArrayList<>();
        response.body().lines().filter(l -> l.startsWith("data: ")).forEach(l -> data.add(l.substring(6)));
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = JSON.readTree(data.get(0));
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        StringBuilder content = new StringBuilder();
        for (String d : data.subList(1, data.size() - 3)) {
            content.append(JSON.readTree(d).path("choices").get(0).path("delta").path("content").asText());
        }
        assertThat(content.toString()).isEqualTo("Hello there, friend");
        assertThat(JSON.readTree(data.get(data.size() - 3)).path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usageChunk = JSON.readTree(data.get(data.size() - 2));
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isPositive();
    }

    @Test
    void errorsHaveTheApisErrorObjectAndRetryAfter() throws Exception {
        fake.failNext(Fault.rateLimited(7));
        HttpResponse<String> response = post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("requests");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).contains("Rate limit");
    }

    @Test
    void aRequestWithoutMessagesIsRejectedLikeTheRealApi() throws Exception {
        HttpResponse<String> response = post("{\"model\":\"gpt-4o\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void aRequiredKeyRejectsOthersWithAMaskedKey() throws Exception {
        fake.requireApiKey("sk-right-key-123456");
        HttpResponse<String> response = post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("sk-x\"").contains("invalid_api_key");
    }
}
