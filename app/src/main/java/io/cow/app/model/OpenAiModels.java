package io.cow.app.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.model.Answerer;
import io.cow.core.model.LangChainAnswerer;

import java.time.Duration;

/** Builds the model client from the settings: any OpenAI-compatible API, through LangChain4j. */
public final class OpenAiModels {

    private OpenAiModels() {
    }

    public static Answerer answerer(Settings settings) {
        Duration timeout = settings.get(CoreSettings.MODEL_TIMEOUT);
        RetryPolicy retry = new RetryPolicy(settings.get(CoreSettings.MODEL_MAX_RETRIES),
                settings.get(CoreSettings.MODEL_RETRY_DELAY), settings.get(CoreSettings.MODEL_RETRY_MAX_DELAY));
        ModelHttpClients http = new ModelHttpClients();
        ChatModel model = chatModel(settings, timeout, retry, http);
        StreamingChatModel streaming = settings.get(CoreSettings.MODEL_STREAMING) ? streamingModel(settings, timeout, retry, http) : null;
        // Each attempt may use the whole timeout, and the waits between attempts add up to at most this.
        Duration overall = timeout.multipliedBy(retry.maxRetries() + 1L)
                .plus(retry.maxDelay().multipliedBy(retry.maxRetries()))
                .plusSeconds(10);
        return new LangChainAnswerer(model, streaming, overall);
    }

    private static ChatModel chatModel(Settings s, Duration timeout, RetryPolicy retry, ModelHttpClients http) {
        return OpenAiChatModel.builder()
                .httpClientBuilder(new RetryingHttpClientBuilder(retry, http))
                .baseUrl(s.get(CoreSettings.MODEL_BASE_URL))
                .apiKey(s.get(CoreSettings.OPENAI_API_KEY))
                .organizationId(blankToNull(s.get(CoreSettings.OPENAI_ORGANIZATION_ID)))
                .modelName(s.get(CoreSettings.MODEL_NAME))
                .temperature(s.get(CoreSettings.MODEL_TEMPERATURE))
                .maxTokens(positiveOrNull(s.get(CoreSettings.MODEL_MAX_TOKENS)))
                .timeout(timeout)
                .maxRetries(0)
                .build();
    }

    private static StreamingChatModel streamingModel(Settings s, Duration timeout, RetryPolicy retry, ModelHttpClients http) {
        return OpenAiStreamingChatModel.builder()
                .httpClientBuilder(new RetryingHttpClientBuilder(retry, http))
                .baseUrl(s.get(CoreSettings.MODEL_BASE_URL))
                .apiKey(s.get(CoreSettings.OPENAI_API_KEY))
                .organizationId(blankToNull(s.get(CoreSettings.OPENAI_ORGANIZATION_ID)))
                .modelName(s.get(CoreSettings.MODEL_NAME))
                .temperature(s.get(CoreSettings.MODEL_TEMPERATURE))
                .maxTokens(positiveOrNull(s.get(CoreSettings.MODEL_MAX_TOKENS)))
                .timeout(timeout)
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Integer positiveOrNull(int value) {
        return value > 0 ? value : null;
    }
}
