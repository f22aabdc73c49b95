package io.binancedata.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The {@code logging.format} key: {@code text} (one readable line per event) or {@code json} (one JSON object per
 * line, Elastic Common Schema, for log shippers). Logging starts before Camel reads its properties, so the process
 * resolves this one key itself, in Camel's order (system property, environment variable {@code LOGGING_FORMAT},
 * application.properties in the working directory, the packaged one), and hands it to log4j2.properties as the
 * system property {@value #LOG4J_PROPERTY}.
 */
public final class LogFormat {
    public static final String KEY = "logging.format";
    /** The system property log4j2.properties reads to pick its appender. */
    public static final String LOG4J_PROPERTY = "binance.log.appender";

    private LogFormat() {
    }

    /** Resolves the format and sets {@value #LOG4J_PROPERTY}; call before the first logger is created. */
    public static void select(Path workingDirectoryProperties) {
        String format = resolve(System.getProperties()::getProperty, System.getenv(),
                load(workingDirectoryProperties), loadPackaged());
        System.setProperty(LOG4J_PROPERTY, format);
    }

    /** Whether {@link #select} chose JSON log lines. */
    public static boolean isJson() {
        return "json".equals(System.getProperty(LOG4J_PROPERTY));
    }

    /** The format named by the first source that has the key; {@code text} when none has. */
    static String resolve(Function<String, String> system, Map<String, String> env, Properties file,
            Properties packaged) {
        String value = system.apply(KEY);
        if (value == null) {
            value = env.get(KEY.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        if (value == null) {
            value = file.getProperty(KEY);
        }
        if (value == null) {
            value = packaged.getProperty(KEY);
        }
        String format = value == null || value.isBlank() ? "text" : value.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigurationException(KEY, value, "text or json");
        }
        return format;
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }

    private static Properties loadPackaged() {
        Properties properties = new Properties();
        try (InputStream in = LogFormat.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged application.properties", e);
        }
        return properties;
    }
}
