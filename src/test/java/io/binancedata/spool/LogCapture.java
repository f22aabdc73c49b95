package io.binancedata.spool;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/** Collects the log lines of the {@code io.binancedata.spool} loggers while open. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final String LOGGER = "io.binancedata.spool";

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    LogCapture() {
        super("spool-log-capture", null, null, true, Property.EMPTY_ARRAY);
        start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, true);
        logger.addAppender(this, Level.INFO, null);
        configuration.addLogger(LOGGER, logger);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        synchronized (lines) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    }

    /** Lines logged so far, each "LEVEL message". */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Lines containing {@code text}. */
    List<String> linesContaining(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(LOGGER);
        context.updateLoggers();
        stop();
    }
}
