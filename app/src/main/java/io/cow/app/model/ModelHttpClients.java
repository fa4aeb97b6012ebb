package io.cow.app.model;

import io.cow.core.net.Proxies;

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
    private final Proxies proxies;

    ModelHttpClients(Proxies proxies) {
        this.proxies = proxies;
    }

    /** The proxies the clients take, also for naming them in errors. */
    Proxies proxies() {
        return proxies;
    }

    HttpClient get(Duration connectTimeout) {
        return byConnectTimeout.computeIfAbsent(connectTimeout, timeout -> proxies.applyTo(HttpClient.newBuilder())
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Runnable::run)
                .build());
    }
}
