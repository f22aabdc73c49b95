package io.binancedata.config;

import java.util.Locale;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The {@code logging.format} key: {@code text} (one readable line per event) or {@code json} (one JSON object per
 * line, Elastic Common Schema, for log shippers). Logging must know it before Camel Main logs its first line, so the
 * process reads this one key first, through a properties component of its own with Camel Main's locations
 * ({@link Setting#PROPERTIES_LOCATIONS}) and Camel's order (system property, environment variable
 * {@code LOGGING_FORMAT}, application.properties in the working directory, the packaged one), and hands it to
 * log4j2.properties as the system property {@value #LOG4J_PROPERTY}.
 */
public final class LogFormat {
    public static final String KEY = "logging.format";
    /** The system property log4j2.properties reads to pick its appender. */
    public static final String LOG4J_PROPERTY = "binance.log.appender";

    private LogFormat() {
    }

    /**
     * Resolves the format, sets {@value #LOG4J_PROPERTY} and makes Log4j read its configuration again (reading the
     * properties loaded Camel's classes, whose loggers started Log4j with the default, text, before anything was
     * logged).
     *
     * @throws ConfigurationException when the value is neither text nor json
     */
    public static void select() {
        // built, never started: nothing to stop (stopping it would log at INFO, before the format is chosen)
        DefaultCamelContext camel = new DefaultCamelContext(false);
        camel.build();
        PropertiesComponent properties = camel.getPropertiesComponent();
        properties.setLocation(Setting.PROPERTIES_LOCATIONS);
        String format = resolve(properties);
        System.setProperty(LOG4J_PROPERTY, format);
        Configurator.reconfigure();
    }

    /** Whether {@link #select} chose JSON log lines. */
    public static boolean isJson() {
        return "json".equals(System.getProperty(LOG4J_PROPERTY));
    }

    /** The format {@code properties} gives the key; {@code text} when it has none. */
    static String resolve(PropertiesComponent properties) {
        String value = properties.resolveProperty(KEY).orElse(null);
        String format = value == null || value.isBlank() ? "text" : value.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigurationException(KEY, value, "text or json");
        }
        return format;
    }
}
