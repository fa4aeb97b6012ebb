package io.cow.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The log set-up made in code is the one logback.xml describes. */
class LogConfiguratorTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("cow.log.target");
        System.clearProperty("COW_LOG_LEVEL");
    }

    private static LoggerContext fromXml() throws JoranException {
        LoggerContext context = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(LogConfigurator.class.getResource("/logback.xml"));
        return context;
    }

    private static LoggerContext fromCode() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.apply(context);
        return context;
    }

    @Test
    void levelsAppenderAndLayoutAreThoseOfLogbackXml() throws JoranException {
        assertSame(fromXml(), fromCode());
    }

    @Test
    void theLogTargetAndTheBotsLevelComeFromTheSameVariables() throws JoranException {
        System.setProperty("cow.log.target", "System.err");
        System.setProperty("COW_LOG_LEVEL", "DEBUG");
        LoggerContext code = fromCode();
        assertSame(fromXml(), code);
        assertThat(code.getLogger("io.cow").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(console(code).getTarget()).isEqualTo("System.err");

        for (String value : new String[]{"", "inherited", "nonsense", "warn"}) {
            System.setProperty("COW_LOG_LEVEL", value);
            assertThat(fromCode().getLogger("io.cow").getLevel()).as("'%s'", value).isEqualTo(fromXml().getLogger("io.cow").getLevel());
        }
    }

    @Test
    void aNamedFileOrTheTestsConfigurationIsLeftToLogback() {
        // The test class path carries testkit's logback-test.xml.
        LogConfigurator configurator = new LogConfigurator();
        LoggerContext context = new LoggerContext();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private static void assertSame(LoggerContext xml, LoggerContext code) {
        assertThat(levels(code)).isEqualTo(levels(xml));
        assertThat(appenderNames(code)).isEqualTo(appenderNames(xml)).containsExactly("CONSOLE");
        ConsoleAppender<ILoggingEvent> fromXml = console(xml);
        ConsoleAppender<ILoggingEvent> fromCode = console(code);
        assertThat(fromCode.getTarget()).isEqualTo(fromXml.getTarget());
        LayoutWrappingEncoder<ILoggingEvent> xmlEncoder = (LayoutWrappingEncoder<ILoggingEvent>) fromXml.getEncoder();
        LayoutWrappingEncoder<ILoggingEvent> codeEncoder = (LayoutWrappingEncoder<ILoggingEvent>) fromCode.getEncoder();
        assertThat(codeEncoder.getCharset()).isEqualTo(xmlEncoder.getCharset());
        assertThat(codeEncoder.getLayout()).isInstanceOf(RedactingPatternLayout.class);
        assertThat(xmlEncoder.getLayout()).isInstanceOf(RedactingPatternLayout.class);
        assertThat(((RedactingPatternLayout) codeEncoder.getLayout()).getPattern())
                .isEqualTo(((RedactingPatternLayout) xmlEncoder.getLayout()).getPattern());
        LoggingEvent event = new LoggingEvent("x", code.getLogger("io.cow.Example"), Level.INFO, "Hello {} with sk-abcdefghijklmnopq",
                null, new Object[]{"you"});
        event.setTimeStamp(1_700_000_000_000L);
        assertThat(codeEncoder.getLayout().doLayout(event)).isEqualTo(xmlEncoder.getLayout().doLayout(event));
        assertThat(code.getStatusManager().getCopyOfStatusListenerList()).hasSameSizeAs(xml.getStatusManager().getCopyOfStatusListenerList());
    }

    /** Every logger that has a level of its own, as "name=LEVEL". */
    private static Set<String> levels(LoggerContext context) {
        Set<String> levels = new TreeSet<>();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.add(logger.getName() + "=" + logger.getLevel());
            }
        }
        return levels;
    }

    private static List<String> appenderNames(LoggerContext context) {
        List<String> names = new ArrayList<>();
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                names.add(logger.getName() + ":" + it.next().getName());
            }
        }
        return names.stream().map(n -> n.substring(n.indexOf(':') + 1)).toList();
    }

    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        return (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    }
}
