package io.cow.app.model;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK HTTP clients under the model clients: one per connect timeout (in practice one), shared by the
 * streaming and the blocking model, and made on the first request. A JDK client costs a selector thread, its own
 * connection pool and, on creation, the loading of the TLS trust store, so the bot makes one, and not before
 * it asks the model something.
 */
final class ModelHttpClients {

    private final Map<Duration, HttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    HttpClient get(Duration connectTimeout) {
        return byConnectTimeout.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Runnable::run)
                .build());
    }
}
