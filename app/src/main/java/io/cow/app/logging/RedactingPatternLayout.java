package io.cow.app.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cow.core.secret.Secrets;

/** The usual pattern layout, with every secret and key-shaped token removed from the finished line. */
public final class RedactingPatternLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        return Secrets.redact(super.doLayout(event));
    }
}
