package io.cow.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bot's log set-up, the one app's {@code logback.xml} describes, made in code: reading the XML costs logback's
 * whole configuration machinery (an XML parser and some 500 classes), a good part of the start-up time. When a
 * configuration file is named ({@code -Dlogback.configurationFile}) or a {@code logback-test.xml} is on the class
 * path (the tests'), logback reads that instead, as it would without this class. A test keeps the two the same.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String CONSOLE = "CONSOLE";
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %-12.-12logger{0} %msg%n";
    /** Loggers of libraries that say too much at INFO. */
    static final Map<String, Level> QUIET = Map.of("org.eclipse.jetty", Level.WARN, "io.javalin", Level.WARN,
            "io.grpc", Level.WARN, "io.netty", Level.WARN, "dev.langchain4j", Level.WARN,
            "com.zaxxer.hikari", Level.WARN, "org.postgresql", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets the context up as logback.xml does. */
    static void apply(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(CONSOLE);
        // cow chat sets this to System.err, so that standard output holds only the conversation
        console.setTarget(System.getProperty("cow.log.target", "System.out"));
        console.setEncoder(encoder(context));
        console.start();

        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger("io.cow").setLevel(level(variable("COW_LOG_LEVEL", "INFO")));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
    }

    /** Lines as the pattern says, secrets redacted, in UTF-8 whatever the locale. */
    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context) {
        RedactingPatternLayout layout = new RedactingPatternLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /**
     * From now on the log goes to this file (appended to), and the console shows only warnings and errors: for a chat
     * at a terminal, whose screen is the conversation.
     */
    public static void toFile(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        if (console != null) {
            ThresholdFilter warnings = new ThresholdFilter();
            warnings.setLevel(Level.WARN.toString());
            warnings.start();
            console.addFilter(warnings);
        }
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context));
        appender.start();
        root.addAppender(appender);
    }

    /** A level as logback's XML reads one: blank sets none, INHERITED or NULL inherits, anything unknown is DEBUG. */
    static Level level(String text) {
        if (text.isBlank() || text.equalsIgnoreCase("INHERITED") || text.equalsIgnoreCase("NULL")) {
            return null;
        }
        return Level.toLevel(text);
    }

    /** As logback's {@code ${NAME:-default}}: a system property, else an environment variable, else the default. */
    private static String variable(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null ? otherwise : value;
    }
}
