package io.cow.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest lines of the bot's log, formatted and redacted exactly as the log itself, for the console's live tail.
 * An appender on the root logger keeps the last {@link #KEPT} lines; watchers get each new line.
 */
public final class LogTail extends AppenderBase<ILoggingEvent> {

    static final int KEPT = 1_000;

    private final RedactingPatternLayout layout = new RedactingPatternLayout();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();

    private LogTail() {
    }

    /** Starts keeping the log's lines from now on; returns null when the logging back end is not logback. */
    public static LogTail attach() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        LogTail tail = new LogTail();
        tail.setContext(context);
        tail.setName("CONSOLE-TAIL");
        tail.layout.setContext(context);
        tail.layout.setPattern(LogConfigurator.PATTERN);
        tail.layout.start();
        tail.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(tail);
        return tail;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = layout.doLayout(event).stripTrailing();
        synchronized (lines) {
            if (lines.size() == KEPT) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        for (Consumer<String> watcher : watchers) {
            watcher.accept(line);
        }
    }

    /** The latest lines, oldest first. */
    public List<String> lines(int limit) {
        synchronized (lines) {
            List<String> all = new ArrayList<>(lines);
            return all.subList(Math.max(0, all.size() - limit), all.size());
        }
    }

    /** Calls the watcher with every new line until the returned handle is closed. */
    public AutoCloseable watch(Consumer<String> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Stops keeping lines. */
    public void detach() {
        if (getContext() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        }
        stop();
    }
}
