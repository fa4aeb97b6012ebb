package io.cow.app.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

import java.time.Duration;
import java.util.Map;

/**
 * A profile's LangChain4j models, built by its provider's own module. Each provider has its own method, so that a
 * provider's classes are loaded only when a profile of it is first asked.
 *
 * @param blocking  asked when the profile does not stream
 * @param streaming asked when it does; null when it does not
 */
record ProviderModels(ChatModel blocking, StreamingChatModel streaming) {

    /** What every provider's builder is given. */
    record Parts(ModelProfile profile, ModelHttpClientBuilder http, Duration timeout) {
    }

    static ProviderModels of(Parts parts) {
        return switch (parts.profile().provider()) {
            case OPENAI, AZURE_OPENAI -> OpenAi.build(parts);
            case ANTHROPIC -> Anthropic.build(parts);
            case GEMINI -> Gemini.build(parts);
            case OLLAMA -> Ollama.build(parts);
        };
    }

    private static Double temperature(ModelProfile p) {
        return p.temperature();
    }

    private static Integer maxTokens(ModelProfile p) {
        return p.maxTokens() > 0 ? p.maxTokens() : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * OpenAI and compatible servers, and Azure OpenAI, which speaks the same API under a deployment's path with an
     * {@code api-key} header and an {@code api-version} parameter.
     */
    private static final class OpenAi {

        static {
            leanJson();
        }

        /**
         * LangChain4j's OpenAI module writes every request body pretty-printed (its internal mapper has INDENT_OUTPUT
         * on, and no setting turns it off): a fifth more bytes to write, send and parse for nothing. And it reads every
         * streamed chunk (one per token) into builder objects through reflection, a third of its parsing time in
         * {@code Method.invoke} (JFR, ModelBench cost): Jackson's Blackbird module gives that mapper generated accessors
         * instead. Both are set here, once, before the module's first request; if a later LangChain4j moves the mapper,
         * it works as it comes.
         */
        private static void leanJson() {
            try {
                java.lang.reflect.Field field = Class.forName("dev.langchain4j.model.openai.internal.Json").getDeclaredField("OBJECT_MAPPER");
                field.setAccessible(true);
                com.fasterxml.jackson.databind.ObjectMapper mapper = (com.fasterxml.jackson.databind.ObjectMapper) field.get(null);
                mapper.disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
                mapper.registerModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule());
            } catch (ReflectiveOperationException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger("model").debug("LangChain4j's OpenAI JSON stays as it comes: {}", e.toString());
            }
        }

        static ProviderModels build(Parts parts) {
            ModelProfile p = parts.profile();
            boolean azure = p.provider() == ModelProvider.AZURE_OPENAI;
            String baseUrl = azure ? p.baseUrl() + "/openai/deployments/" + p.deployment() : p.baseUrl();
            String apiKey = azure ? null : p.apiKey();
            Map<String, String> headers = azure ? Map.of("api-key", p.apiKey()) : Map.of();
            Map<String, String> query = azure ? Map.of("api-version", p.apiVersion()) : Map.of();
            if (!p.streaming()) {
                return new ProviderModels(dev.langchain4j.model.openai.OpenAiChatModel.builder()
                        .httpClientBuilder(parts.http()).baseUrl(baseUrl).apiKey(apiKey)
                        .organizationId(blankToNull(p.organizationId())).customHeaders(headers).customQueryParams(query)
                        .modelName(p.model()).temperature(temperature(p)).maxTokens(maxTokens(p))
                        .timeout(parts.timeout()).maxRetries(0).build(), null);
            }
            return new ProviderModels(null, dev.langchain4j.model.openai.OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(parts.http()).baseUrl(baseUrl).apiKey(apiKey)
                    .organizationId(blankToNull(p.organizationId())).customHeaders(headers).customQueryParams(query)
                    .modelName(p.model()).temperature(temperature(p)).maxTokens(maxTokens(p))
                    .timeout(parts.timeout()).build());
        }
    }

    /** Anthropic's Messages API. */
    private static final class Anthropic {
        static ProviderModels build(Parts parts) {
            ModelProfile p = parts.profile();
            // Anthropic requires max_tokens; LangChain4j sends 1024 when none is given.
            if (!p.streaming()) {
                return new ProviderModels(dev.langchain4j.model.anthropic.AnthropicChatModel.builder()
                        .httpClientBuilder(parts.http()).baseUrl(p.baseUrl()).apiKey(p.apiKey()).modelName(p.model())
                        .temperature(temperature(p)).maxTokens(maxTokens(p)).timeout(parts.timeout()).maxRetries(0).build(), null);
            }
            return new ProviderModels(null, dev.langchain4j.model.anthropic.AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(parts.http()).baseUrl(p.baseUrl()).apiKey(p.apiKey()).modelName(p.model())
                    .temperature(temperature(p)).maxTokens(maxTokens(p)).timeout(parts.timeout()).build());
        }
    }

    /** Google's Gemini API. */
    private static final class Gemini {
        static ProviderModels build(Parts parts) {
            ModelProfile p = parts.profile();
            if (!p.streaming()) {
                return new ProviderModels(dev.langchain4j.model.googleai.GoogleAiGeminiChatModel.builder()
                        .httpClientBuilder(parts.http()).baseUrl(p.baseUrl()).apiKey(p.apiKey()).modelName(p.model())
                        .temperature(temperature(p)).maxOutputTokens(maxTokens(p)).timeout(parts.timeout()).maxRetries(0).build(), null);
            }
            return new ProviderModels(null, dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel.builder()
                    .httpClientBuilder(parts.http()).baseUrl(p.baseUrl()).apiKey(p.apiKey()).modelName(p.model())
                    .temperature(temperature(p)).maxOutputTokens(maxTokens(p)).timeout(parts.timeout()).build());
        }
    }

    /** Ollama's own API. */
    private static final class Ollama {
        static ProviderModels build(Parts parts) {
            ModelProfile p = parts.profile();
            Map<String, String> headers = p.apiKey().isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + p.apiKey());
            if (!p.streaming()) {
                return new ProviderModels(dev.langchain4j.model.ollama.OllamaChatModel.builder()
                        .httpClientBuilder(parts.http()).baseUrl(p.baseUrl()).customHeaders(headers).modelName(p.model())
                        .temperature(temperature(p)).numPredict(maxTokens(p)).timeout(parts.timeout()).maxRetries(0).build(), null);
            }
            return new ProviderModels(null, dev.langchain4j.model.ollama.OllamaStreamingChatModel.builder()
                    .httpClientBuilder(parts.http()).baseUrl(p.baseUrl()).customHeaders(headers).modelName(p.model())
                    .temperature(temperature(p)).numPredict(maxTokens(p)).timeout(parts.timeout()).build());
        }
    }
}
