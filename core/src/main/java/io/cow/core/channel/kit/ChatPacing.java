package io.cow.core.channel.kit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Pacing#perChat}: each lane waits a pause after its last part ended. */
final class ChatPacing implements Pacing {

    private final long pauseNanos;
    /** When each lane's last part ended; a lane whose pause has passed is forgotten, so chats do not pile up here. */
    private final Map<String, Long> lastEnd = new ConcurrentHashMap<>();

    ChatPacing(Duration pause) {
        this.pauseNanos = pause.toNanos();
    }

    @Override
    public Duration before(String lane, long nowNanos) {
        Long last = lastEnd.get(lane);
        if (last == null) {
            return Duration.ZERO;
        }
        long wait = last + pauseNanos - nowNanos;
        if (wait <= 0) {
            lastEnd.remove(lane, last);
            return Duration.ZERO;
        }
        return Duration.ofNanos(wait);
    }

    @Override
    public void after(String lane, long nowNanos) {
        lastEnd.put(lane, nowNanos);
        if (lastEnd.size() > 1_000) {
            lastEnd.values().removeIf(end -> nowNanos - end >= pauseNanos);
        }
    }
}
