package io.binancedata.config;

import org.apache.camel.util.URISupport;

/**
 * A configuration value that cannot be used; the message names the key, the value and what was expected. The value is
 * shown as Camel shows an endpoint URI ({@link URISupport#sanitizeUri}): the password of a {@code user:password@}
 * and the values of options named like a secret ({@code password}, {@code token}, {@code saslJaasConfig}, …) masked,
 * as the message goes to stderr or the log.
 */
public final class ConfigurationException extends RuntimeException {
    private final String key;

    public ConfigurationException(String key, String value, String expected) {
        this(key, "Invalid configuration " + key + "=" + URISupport.sanitizeUri(value) + ": expected " + expected);
    }

    private ConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The value of {@code key} names a key that no source defines; {@code why} is Camel's message. */
    public static ConfigurationException unresolved(String key, String why) {
        return new ConfigurationException(key, "Invalid configuration " + key + ": its value names a key that is not"
                + " defined (" + URISupport.sanitizeUri(why) + ")");
    }

    public String key() {
        return key;
    }
}
