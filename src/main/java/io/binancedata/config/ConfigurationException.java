package io.binancedata.config;

/** A configuration value that cannot be used; the message names the key, the value and what was expected. */
public final class ConfigurationException extends RuntimeException {
    private final String key;

    public ConfigurationException(String key, String value, String expected) {
        super("Invalid configuration " + key + "=" + value + ": expected " + expected);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
