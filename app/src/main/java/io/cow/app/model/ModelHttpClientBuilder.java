package io.cow.app.model;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;

import java.time.Duration;

/** Builds a profile's {@link ModelHttpClient}s for LangChain4j's model builders. */
final class ModelHttpClientBuilder implements HttpClientBuilder {

    private final RetryPolicy retry;
    private final ModelHttpClients clients;
    private final AdaptiveLimit limit;
    private final StreamEnd streamEnd;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);

    ModelHttpClientBuilder(RetryPolicy retry, ModelHttpClients clients, AdaptiveLimit limit, StreamEnd streamEnd) {
        this.retry = retry;
        this.clients = clients;
        this.limit = limit;
        this.streamEnd = streamEnd;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        if (timeout != null) {
            connectTimeout = timeout;
        }
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        if (timeout != null) {
            readTimeout = timeout;
        }
        return this;
    }

    @Override
    public HttpClient build() {
        Duration timeout = connectTimeout;
        return new ModelHttpClient(() -> clients.get(timeout), readTimeout, retry, limit, streamEnd, clients.proxies());
    }
}
