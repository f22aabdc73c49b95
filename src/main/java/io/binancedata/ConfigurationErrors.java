package io.binancedata;

import io.binancedata.config.ConfigurationException;
import io.binancedata.config.LogFormat;
import org.apache.camel.PropertyBindingException;
import org.slf4j.LoggerFactory;

/**
 * Finds the configuration error behind a start-up failure and reports it as one line. Besides the product's own
 * {@link ConfigurationException}, Camel's {@link PropertyBindingException} (a {@code camel.*} key Camel does not know,
 * or a value it cannot convert, e.g. {@code camel.main.jmx-enabled=maybe}) counts, so it too ends the process with
 * exit code 2 and one line instead of a stack trace.
 */
final class ConfigurationErrors {
    static final String PREFIX = "binance-data-integration: ";

    private ConfigurationErrors() {
    }

    /** The configuration error in {@code error}'s cause chain, or null when it was none. */
    static ConfigurationException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
            if (t instanceof PropertyBindingException p && p.getOptionPrefix() != null && p.getOptionKey() != null) {
                return fromCamel(p);
            }
        }
        return null;
    }

    private static ConfigurationException fromCamel(PropertyBindingException p) {
        String prefix = p.getOptionPrefix();
        String group = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String key = group + "." + p.getOptionKey();
        String value = p.getValue() == null ? "" : String.valueOf(p.getValue());
        Throwable cause = p.getCause();
        String expected = cause == null || cause.getMessage() == null
                ? "an option Camel knows under " + group + " (" + p.getOptionKey() + " is none)"
                : "a value Camel accepts (" + cause.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ") + ")";
        return new ConfigurationException(key, value, expected);
    }

    /**
     * Prints the error as one line: on standard error when logs are text (whatever the log levels), as an ERROR log
     * event when they are JSON, so that every line a log shipper reads is JSON.
     */
    static void report(ConfigurationException error) {
        if (LogFormat.isJson()) {
            LoggerFactory.getLogger(Application.class).error("{}", error.getMessage());
        } else {
            System.err.println(PREFIX + error.getMessage());
        }
    }
}
