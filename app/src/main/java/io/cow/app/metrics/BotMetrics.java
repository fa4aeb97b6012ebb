package io.cow.app.metrics;

import io.cow.app.monitor.ModelWatch;
import io.cow.core.login.LoginListener;
import io.cow.core.login.LoginState;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The bot's Prometheus metrics, kept with Micrometer: messages received, answered and skipped by reason; model
 * requests by outcome, their latency and time to the first token as histograms; tokens in and out; failed and retried sends;
 * each channel's login; messages waiting. All names start with {@code cow_}.
 */
public final class BotMetrics implements BotObserver, LoginListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter received;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Counter modelOk;
    private final Counter modelFailed;
    private final Timer latency;
    private final Timer firstToken;
    private final Counter tokensIn;
    private final Counter tokensOut;
    private final Counter sendsFailed;
    private final Counter sendsRetried;
    private final Map<String, LoginState.Status> logins = new ConcurrentHashMap<>();

    public BotMetrics() {
        received = Counter.builder("cow.messages.received").description("messages the channels delivered").register(registry);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, outcome == Outcome.ANSWERED
                    ? Counter.builder("cow.messages.answered").description("messages the model answered").register(registry)
                    : Counter.builder("cow.messages.skipped").description("messages not answered by the model, by reason")
                    .tag("reason", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        modelOk = modelRequests("ok");
        modelFailed = modelRequests("failed");
        latency = Timer.builder("cow.model.latency").description("time from a model request to its whole answer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        firstToken = Timer.builder("cow.model.first.token").description("time from a model request to the first streamed piece")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        tokensIn = Counter.builder("cow.tokens").description("tokens sent to and received from the model")
                .tag("direction", "in").register(registry);
        tokensOut = Counter.builder("cow.tokens").description("tokens sent to and received from the model")
                .tag("direction", "out").register(registry);
        sendsFailed = Counter.builder("cow.sends.failed").description("reply messages the channel could not send")
                .register(registry);
        sendsRetried = Counter.builder("cow.sends.retried").description("attempts to send a reply message again")
                .register(registry);
    }

    /** Follows the number of messages taken in and not yet handled. */
    public void waiting(IntSupplier waiting) {
        Gauge.builder("cow.messages.waiting", waiting::getAsInt).description("messages taken in, not yet handled")
                .register(registry);
    }

    private Counter modelRequests(String outcome) {
        return Counter.builder("cow.model.requests").description("model requests, by outcome").tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void handled(IncomingMessage message, Outcome outcome) {
        received.increment();
        outcomes.get(outcome).increment();
    }

    /** Counts a model call as {@link ModelWatch} timed it. */
    public void modelCalled(ModelWatch.Call call) {
        (call.ok() ? modelOk : modelFailed).increment();
        latency.record(Duration.ofNanos(call.latencyNanos()));
        if (call.firstPieceNanos() >= 0) {
            firstToken.record(Duration.ofNanos(call.firstPieceNanos()));
        }
    }

    void tokens(int in, int out) {
        tokensIn.increment(in);
        tokensOut.increment(out);
    }

    void sendFailed() {
        sendsFailed.increment();
    }

    /** A channel tried to send a reply message again (the transport refused it or the channel waited for a login). */
    public void sendRetried() {
        sendsRetried.increment();
    }

    /** Follows a channel's login: {@code cow_channel_logged_in} is 1 while it is logged in, and one state per channel is 1. */
    @Override
    public void loginChanged(LoginState previous, LoginState current) {
        String channel = current.instance();
        if (logins.put(channel, current.status()) == null) {
            Gauge.builder("cow.channel.logged.in", logins, m -> m.get(channel) == LoginState.Status.LOGGED_IN ? 1 : 0)
                    .description("1 while the channel is logged in").tag("channel", channel).register(registry);
            for (LoginState.Status each : LoginState.Status.values()) {
                Gauge.builder("cow.channel.login.state", logins, m -> m.get(channel) == each ? 1 : 0)
                        .description("1 for the channel's current login state").tag("channel", channel)
                        .tag("state", each.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
    }

    /** The channel, counting the replies it fails to send. */
    public io.cow.core.channel.Channel countingSends(io.cow.core.channel.Channel channel) {
        return new CountingChannel(channel, this::sendFailed);
    }

    /** The usage store, counting tokens in and out. */
    public io.cow.core.store.UsageStore countingTokens(io.cow.core.store.UsageStore usage) {
        return new MeteredUsage(usage, this);
    }

    /** The metrics in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }
}
