package io.cow.app.model;

/**
 * One model profile: a provider, a model and how to reach and ask it.
 *
 * @param name           how chats, commands and fallbacks name it
 * @param provider       which API it speaks
 * @param model          the model's name at the provider (for Azure OpenAI also the default deployment)
 * @param baseUrl        the API's base URL
 * @param apiKey         the API key; empty for servers that need none
 * @param organizationId OpenAI's organization header; empty for none
 * @param deployment     Azure OpenAI's deployment name
 * @param apiVersion     Azure OpenAI's {@code api-version}
 * @param temperature    sampling temperature
 * @param maxTokens      most tokens an answer may have; 0 leaves it to the provider
 * @param concurrency    the most requests in flight (the adaptive limit's ceiling)
 * @param streaming      whether answers are streamed
 * @param inputPrice     price per million input tokens, 0 when not set
 * @param outputPrice    price per million output tokens, 0 when not set
 */
public record ModelProfile(String name, ModelProvider provider, String model, String baseUrl, String apiKey,
                           String organizationId, String deployment, String apiVersion, double temperature, int maxTokens,
                           int concurrency, boolean streaming, double inputPrice, double outputPrice) {

    /** Shown instead of the record's own text, which would hold the key. */
    @Override
    public String toString() {
        return "profile " + name + " (" + provider.id() + ", " + model + " at " + baseUrl + ")";
    }
}
