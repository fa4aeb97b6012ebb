package io.cow.core.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one source of alerts and its one rate limit. A problem (a channel's login, the model) opens an outage: the
 * first alert of an outage is sent unless one of the same kind for the same channel went out less than
 * {@code minInterval} ago (except an outage's first QR code, which ends it; a newer QR code of the same outage is
 * sent on the same terms as any alert); the outage's end sends {@link AlertKind#RECOVERED} only when its start was sent, so that a
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
    /** Open outages whose QR code went out. */
    private final Set<String> qrCodeSent = new HashSet<>();

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
            // The first QR code of an outage is the one thing that ends it: never held back.
            boolean firstQrCode = kind == AlertKind.QR_CODE && !qrCodeSent.contains(outage);
            boolean send = firstQrCode || last == null || !alert.at().isBefore(last.plus(minInterval));
            outages.put(outage, send || Boolean.TRUE.equals(alerted));
            lastKind.put(outage, kind);
            if (!send) {
                log.debug("Alert held back by the rate limit: {}", text);
                return false;
            }
            lastSent.put(rateKey, alert.at());
            if (kind == AlertKind.QR_CODE) {
                qrCodeSent.add(outage);
            }
        }
        deliver(alert);
        return true;
    }

    /**
     * Something the owner should know that opens no outage (the governor's warnings): sent unless one of the same kind
     * for the same channel went out less than {@code minInterval} ago.
     *
     * @return whether the alert was sent
     */
    public boolean notice(AlertKind kind, String channel, String text) {
        Alert alert = new Alert(kind, channel, text, clock.instant());
        String rateKey = kind + "/" + alert.channel();
        synchronized (this) {
            Instant last = lastSent.get(rateKey);
            if (last != null && alert.at().isBefore(last.plus(minInterval))) {
                log.debug("Notice held back by the rate limit: {}", text);
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
            qrCodeSent.remove(outage);
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
