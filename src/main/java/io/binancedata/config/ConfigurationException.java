package io.binancedata.config;

/** A configuration value that cannot be used; the message names the key, the value and what was expected. */
public final class ConfigurationException extends RuntimeException {
    private final String key;

    public ConfigurationException(String key, String value, String expected) {
        this(key, "Invalid configuration " + key + "=" + value + ": expected " + expected);
    }

    private ConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The value of {@code key} names a key that no source defines; {@code why} is Camel's message. */
    public static ConfigurationException unresolved(String key, String why) {
        return new ConfigurationException(key, "Invalid configuration " + key + ": its value names a key that is not"
                + " defined (" + why + ")");
    }

    public String key() {
        return key;
    }
}
