package io.binancedata.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records the log events of a logger (by class or name) and of the loggers below it while open; events read as
 * "LEVEL message", and {@link #logged} keeps the throwable logged with each. Other appenders keep receiving the events:
 * the capture joins the logger's own configuration when it has one, or adds an additive one (level inherited) that it
 * removes again on close.
 */
public final class LogCapture implements AutoCloseable {
    /** One event as logged: "LEVEL message", the throwable logged with it (or null), and when (epoch ms). */
    public record Logged(String event, Throwable thrown, long millis) {
        /** The last throwable of {@link #thrown}'s cause chain ({@link #thrown} itself when it has no cause). */
        public Throwable rootCause() {
            Throwable root = thrown;
            while (root != null && root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root;
        }
    }

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Logged> logged = new CopyOnWriteArrayList<>();
    private final String loggerName;
    private final AbstractAppender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final boolean ownLoggerConfig;

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    /** Records the events of a logger and of the loggers below it, e.g. {@code io.binancedata}. */
    public LogCapture(String loggerName) {
        this.loggerName = loggerName;
        this.appender = new AbstractAppender("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String name = event.getLoggerName();
                if (name.equals(loggerName) || name.startsWith(loggerName + ".")) {
                    String text = event.getLevel() + " " + event.getMessage().getFormattedMessage();
                    events.add(text);
                    logged.add(new Logged(text, event.getThrown(), event.getTimeMillis()));
                }
            }
        };
        appender.start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig existing = configuration.getLoggers().get(loggerName);
        ownLoggerConfig = existing == null;
        if (ownLoggerConfig) {
            LoggerConfig own = new LoggerConfig(loggerName, null, true);
            own.addAppender(appender, null, null);
            configuration.addLogger(loggerName, own);
        } else {
            existing.addAppender(appender, null, null);
        }
        context.updateLoggers();
    }

    /** The events so far, "WARN text" etc., oldest first. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The events so far that contain {@code text}. */
    public List<String> eventsContaining(String text) {
        return events.stream().filter(event -> event.contains(text)).toList();
    }

    /** The events so far that contain {@code text}, each with its throwable, oldest first. */
    public List<Logged> loggedContaining(String text) {
        return logged.stream().filter(l -> l.event().contains(text)).toList();
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        if (ownLoggerConfig) {
            configuration.removeLogger(loggerName);
        } else {
            configuration.getLoggers().get(loggerName).removeAppender(appender.getName());
        }
        context.updateLoggers();
        appender.stop();
    }
}
