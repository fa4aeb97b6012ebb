package io.cow.app.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The model providers a profile can name, each through LangChain4j's own module. */
public enum ModelProvider {
    /** OpenAI and every server that speaks its API: DeepSeek, Qwen (DashScope), Moonshot, Zhipu, Doubao, vLLM, ... */
    OPENAI("openai", "https://api.openai.com/v1", true, StreamEnd.OPENAI),
    /** Anthropic's Claude (Messages API). */
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1", true, StreamEnd.ANTHROPIC),
    /** Google's Gemini (Generative Language API). */
    GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta", true, StreamEnd.GEMINI),
    /** A local or remote Ollama server. */
    OLLAMA("ollama", "http://localhost:11434", false, StreamEnd.OLLAMA),
    /** A deployment on Azure OpenAI: {@code baseUrl} is the resource's endpoint. */
    AZURE_OPENAI("azure-openai", null, true, StreamEnd.OPENAI);

    private final String id;
    private final String defaultBaseUrl;
    private final boolean needsApiKey;
    private final StreamEnd streamEnd;

    ModelProvider(String id, String defaultBaseUrl, boolean needsApiKey, StreamEnd streamEnd) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.needsApiKey = needsApiKey;
        this.streamEnd = streamEnd;
    }

    /** The name the configuration uses. */
    public String id() {
        return id;
    }

    /** Where the provider's API is unless the profile says otherwise; empty when the profile must say. */
    Optional<String> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl);
    }

    boolean needsApiKey() {
        return needsApiKey;
    }

    StreamEnd streamEnd() {
        return streamEnd;
    }

    static Optional<ModelProvider> of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(ModelProvider::id).toList();
    }
}
