package io.cow.app.model;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;

import java.time.Duration;

/** Builds {@link RetryingHttpClient}s for LangChain4j's model builders. */
final class RetryingHttpClientBuilder implements HttpClientBuilder {

    private final RetryPolicy retry;
    private final ModelHttpClients clients;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);

    RetryingHttpClientBuilder(RetryPolicy retry, ModelHttpClients clients) {
        this.retry = retry;
        this.clients = clients;
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
        return new RetryingHttpClient(() -> clients.get(timeout), readTimeout, retry);
    }
}
