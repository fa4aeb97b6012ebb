package io.cow.app.alerts;

import io.cow.core.alert.Alert;
import io.cow.core.alert.AlertSink;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.net.NetworkException;
import io.cow.core.net.Proxies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * POSTs each alert to every configured webhook, in the background, one attempt each with a timeout: an alert that
 * cannot be delivered is logged (without the URL, which holds the robot's token), never retried into a storm.
 */
public final class WebhookSink implements AlertSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The robots answer HTTP 200 with an error code in the body when they refuse a message. */
    private static final Pattern ROBOT_ERROR = Pattern.compile("\"(?:errcode|code|StatusCode)\"\\s*:\\s*[1-9]");

    private final List<AlertSettings.Webhook> webhooks;
    private final String consoleUrl;
    private final HttpClient http;
    private final ExecutorService sender;
    /** Channels (empty: the model) with a problem told and no recovery yet. */
    private final java.util.Set<String> toldProblem = new java.util.HashSet<>();

    /**
     * @param consoleUrl the console's QR page, linked from every alert; empty for none
     * @param proxies    the proxies the settings and environment name (a robot's server is outside like a model's)
     */
    public WebhookSink(List<AlertSettings.Webhook> webhooks, String consoleUrl, Proxies proxies) {
        this.webhooks = List.copyOf(webhooks);
        webhooks.forEach(hook -> io.cow.core.secret.Secrets.register(hook.url()));
        this.consoleUrl = consoleUrl;
        this.http = proxies.applyTo(HttpClient.newBuilder()).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(100),
                DaemonThreads.single("alert-webhooks"));
    }

    @Override
    public void send(Alert alert) {
        if (!worthSending(alert)) {
            log.debug("Alert not for the webhooks ({}, {})", alert.kind(), alert.channel());
            return;
        }
        for (int i = 0; i < webhooks.size(); i++) {
            AlertSettings.Webhook hook = webhooks.get(i);
            String name = hook + " #" + (i + 1);
            try {
                sender.execute(() -> post(hook, name, alert));
            } catch (RejectedExecutionException e) {
                log.warn("⚠️ Alert not sent to {}: too many alerts are waiting", name);
            }
        }
    }

    /**
     * One alert per outage: a webhook gets no QR code (it cannot show one, and each new code would be a new message;
     * the alert links to the console's QR page instead), and a recovery only after a problem it was told about.
     */
    private boolean worthSending(Alert alert) {
        synchronized (toldProblem) {
            return switch (alert.kind()) {
                case QR_CODE -> false;
                case RECOVERED -> toldProblem.remove(alert.channel());
                // A notice opens no outage: a later recovery of the login is not owed to it.
                case SENDING_LIMITED -> true;
                default -> {
                    toldProblem.add(alert.channel());
                    yield true;
                }
            };
        }
    }

    private void post(AlertSettings.Webhook hook, String name, Alert alert) {
        URI target = URI.create(hook.url());
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(hook.format().body(alert, consoleUrl), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2 || ROBOT_ERROR.matcher(response.body()).find()) {
                log.warn("⚠️ {} refused the alert: HTTP {} {}", name, response.statusCode(), abbreviate(response.body()));
            } else {
                log.debug("Alert delivered to {}", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The host and port in words, never the URL: its path or query holds the robot's token.
            log.warn("⚠️ Could not send the alert to {}: {}", name,
                    NetworkException.inWords(target, e, http).getMessage().replace(hook.url(), "<url>"));
        }
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdownNow();
    }
}
