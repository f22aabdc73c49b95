package io.binancedata.config;

import java.util.function.Function;

/**
 * The numeric {@code camel.*} keys of application.properties, checked before Camel Main reads them. Camel (4.17.0, and
 * 4.18.0 with the same {@code PropertyConfigurerSupport}) reads a text value of an int or long option as a duration in
 * milliseconds without a word: {@code abc} becomes 0 (so
 * {@code camel.server.port=abc} ran the control API on a random port, as {@code -1} did) and {@code 30s} becomes
 * 30000; {@code 99999} failed only when the server started, with a stack trace that did not name the key. Here a value
 * must be a plain number in range.
 */
public final class CamelMainSettings {
    public static final String SERVER_PORT = "camel.server.port";
    public static final String MANAGEMENT_PORT = "camel.management.port";
    public static final String SERVER_MAX_BODY_SIZE = "camel.server.max-body-size";
    public static final String SHUTDOWN_TIMEOUT = "camel.main.shutdown-timeout";
    static final int MAX_PORT = 65_535;

    private CamelMainSettings() {
    }

    /**
     * Checks the keys that {@code lookup} resolves (absent keys keep Camel's defaults).
     *
     * @throws ConfigurationException naming the first bad key and its value
     */
    public static void validate(Function<String, String> lookup) {
        for (String port : new String[] {SERVER_PORT, MANAGEMENT_PORT}) {
            number(lookup, port, 0, MAX_PORT, "a port number from 0 to 65535 (0: any free port)");
        }
        number(lookup, SERVER_MAX_BODY_SIZE, 1, Long.MAX_VALUE, "a positive number of bytes");
        number(lookup, SHUTDOWN_TIMEOUT, 1, Integer.MAX_VALUE, "a positive number of seconds");
    }

    private static void number(Function<String, String> lookup, String key, long min, long max, String expected) {
        String value = lookup.apply(key);
        if (value == null) {
            return;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, value, expected);
        }
    }
}
