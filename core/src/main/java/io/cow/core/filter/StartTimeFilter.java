package io.cow.core.filter;

import io.cow.core.message.IncomingMessage;

import java.time.Instant;

/**
 * Drops messages created before the bot started (contract row 7), so a restart never replays history.
 * Compares whole seconds, because transports such as web WeChat give creation times in seconds.
 */
public final class StartTimeFilter {

    private final long startSecond;

    public StartTimeFilter(Instant start) {
        this.startSecond = start.getEpochSecond();
    }

    public boolean isBeforeStart(IncomingMessage message) {
        return message.createdAt().getEpochSecond() < startSecond;
    }
}
