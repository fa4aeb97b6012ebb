package io.cow.testkit.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.cow.testkit.await.Await;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Captures everything logged while it is open: messages and stack traces, as text tests can search. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();

    private LogCapture() {
    }

    /** Starts capturing on the root logger. */
    public static LogCapture capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(context);
        capture.setName("test-capture");
        capture.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
                .append(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    /** Every captured event, one entry each (an entry may span lines). */
    public List<String> events() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Everything captured, as one text. */
    public String text() {
        return String.join("\n", events());
    }

    /** Waits until an event matches, and returns it. */
    public String await(String what, Duration timeout, Predicate<String> match) {
        return Await.value(what, timeout, () -> events().stream().filter(match).findFirst().orElse(null));
    }

    /** Waits until an event contains this text, and returns it. */
    public String awaitContaining(String text, Duration timeout) {
        return await("a log event containing \"" + text + "\"", timeout, e -> e.contains(text));
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}
