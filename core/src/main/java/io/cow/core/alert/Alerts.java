package io.cow.core.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one source of alerts and its one rate limit. A problem (a channel's login, the model) opens an outage: the
 * first alert of an outage is sent unless one of the same kind for the same channel went out less than
 * {@code minInterval} ago (a new QR code within one outage is sent again on the same terms); the outage's end sends {@link AlertKind#RECOVERED} only when its start was sent, so that a
 * flapping login costs the owner two messages per interval, not two per flap. Thread-safe.
 */
public final class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    /** What can fail and recover. */
    public enum Problem { LOGIN, MODEL }

    private final Duration minInterval;
    private final Clock clock;
    private final List<AlertSink> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> lastSent = new HashMap<>();
    /** Open outages, by problem and channel: whether their alert was sent. */
    private final Map<String, Boolean> outages = new HashMap<>();
    /** The kind of each open outage's last alert. */
    private final Map<String, AlertKind> lastKind = new HashMap<>();

    public Alerts(Duration minInterval, Clock clock) {
        this.minInterval = minInterval;
        this.clock = clock;
    }

    public void addSink(AlertSink sink) {
        sinks.add(sink);
    }

    /** Whether any sink listens; without one, watching for alerts can be skipped. */
    public boolean hasSinks() {
        return !sinks.isEmpty();
    }

    /**
     * A problem started (or got worse: a different kind within the same outage is a new alert).
     *
     * @return whether the alert was sent
     */
    public boolean problem(Problem problem, AlertKind kind, String channel, String text) {
        return problem(problem, kind, channel, text, "");
    }

    /**
     * A problem started or got worse, with the QR code that fixes it ({@link AlertKind#QR_CODE}).
     *
     * @return whether the alert was sent
     */
    public boolean problem(Problem problem, AlertKind kind, String channel, String text, String qrContent) {
        Alert alert = new Alert(kind, channel, text, clock.instant(), qrContent);
        String outage = problem + "/" + alert.channel();
        String rateKey = kind + "/" + alert.channel();
        synchronized (this) {
            Boolean alerted = outages.get(outage);
            if (Boolean.TRUE.equals(alerted) && kind == lastKind.get(outage) && kind != AlertKind.QR_CODE) {
                return false;
            }
            Instant last = lastSent.get(rateKey);
            boolean send = last == null || !alert.at().isBefore(last.plus(minInterval));
            outages.put(outage, send || Boolean.TRUE.equals(alerted));
            lastKind.put(outage, kind);
            if (!send) {
                log.debug("Alert held back by the rate limit: {}", text);
                return false;
            }
            lastSent.put(rateKey, alert.at());
        }
        deliver(alert);
        return true;
    }

    /**
     * The problem is over; sends {@link AlertKind#RECOVERED} when its start was alerted.
     *
     * @return whether the alert was sent
     */
    public boolean recovered(Problem problem, String channel, String text) {
        Alert alert = new Alert(AlertKind.RECOVERED, channel, text, clock.instant());
        String outage = problem + "/" + alert.channel();
        synchronized (this) {
            Boolean alerted = outages.remove(outage);
            lastKind.remove(outage);
            if (!Boolean.TRUE.equals(alerted)) {
                return false;
            }
        }
        deliver(alert);
        return true;
    }

    /** Whether a problem's outage is open. */
    public synchronized boolean inOutage(Problem problem, String channel) {
        return outages.containsKey(problem + "/" + (channel == null ? "" : channel));
    }

    private void deliver(Alert alert) {
        log.info("📣 Alert: {}", alert.text());
        for (AlertSink sink : sinks) {
            try {
                sink.send(alert);
            } catch (RuntimeException e) {
                log.error("❌ Alert sink {} failed: {}", sink.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
