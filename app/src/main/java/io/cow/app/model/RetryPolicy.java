package io.cow.app.model;

import io.cow.core.channel.kit.Backoff;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When to retry a model request: on 429 and 5xx answers and on connection failures, with the kit's exponential
 * {@link Backoff}, honouring the server's {@code Retry-After} (and OpenAI's {@code retry-after-ms}).
 *
 * @param maxRetries   retries after the first attempt
 * @param initialDelay the first backoff delay, doubled at each retry
 * @param maxDelay     the longest wait, which also caps what the server asks for
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {

    public static boolean isRetryableStatus(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    /**
     * How long to wait before retry number {@code retry} (0 for the first retry).
     *
     * @param retryAfter what the server asked for, if anything
     */
    public Duration delay(int retry, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return min(retryAfter.get(), maxDelay);
        }
        // The kit's one backoff (its jitter keeps many bots hit by the same outage from retrying in lockstep); the
        // request counts its own attempts, so the backoff is asked for the delay of this one without keeping state.
        return min(Backoff.withJitter(initialDelay, maxDelay).delay(retry + 1), maxDelay);
    }

    /** The wait the server asked for, from {@code retry-after-ms} or {@code retry-after} (seconds or a date). */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(text) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
