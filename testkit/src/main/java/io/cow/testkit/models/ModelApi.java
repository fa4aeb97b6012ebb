package io.cow.testkit.models;

/** The model APIs {@link FakeModelApis} speaks, each in its own wire format. */
public enum ModelApi {
    /** Anthropic Messages: {@code POST /v1/messages}, {@code x-api-key}, server-sent events with named events. */
    ANTHROPIC,
    /** Google Gemini: {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent?alt=sse}. */
    GEMINI,
    /** Ollama: {@code POST /api/chat}, newline-delimited JSON. */
    OLLAMA,
    /** Azure OpenAI: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}, {@code api-key}. */
    AZURE_OPENAI
}
