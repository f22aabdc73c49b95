package io.binancedata.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code logging.level.<logger>} keys ({@code root} for the root logger), from every source Camel reads: the
 * properties files, system properties ({@code -Dlogging.level.io.binancedata=DEBUG}) and environment variables
 * ({@code LOGGING_LEVEL_IO_BINANCEDATA=DEBUG}: the logger name in lower case, dots written as underscores). A
 * level that is not one of {@link #LEVELS} is a {@link ConfigurationException}; nothing is applied then.
 */
public final class LogLevels {
    public static final String PREFIX = "logging.level.";
    static final String ENV_PREFIX = "LOGGING_LEVEL_";
    static final String ROOT = "root";
    static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final Logger LOG = LoggerFactory.getLogger(LogLevels.class);

    /** Logger name ({@code root} for the root logger) to level, sorted by name. */
    private final Map<String, Level> levels;

    private LogLevels(Map<String, Level> levels) {
        this.levels = levels;
    }

    /**
     * Every {@code logging.level.*} key any source names: {@code propertyKeys} (files and overrides) and
     * {@code systemKeys} as they are, environment variable names {@code LOGGING_LEVEL_A_B} as {@code logging.level.a.b}.
     */
    public static Set<String> keys(Collection<String> propertyKeys, Collection<String> systemKeys,
            Collection<String> environmentNames) {
        Set<String> keys = new TreeSet<>();
        propertyKeys.stream().filter(k -> k.startsWith(PREFIX)).forEach(keys::add);
        systemKeys.stream().filter(k -> k.startsWith(PREFIX)).forEach(keys::add);
        environmentNames.stream().filter(n -> n.startsWith(ENV_PREFIX) && n.length() > ENV_PREFIX.length())
                .map(n -> PREFIX + n.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'))
                .forEach(keys::add);
        return keys;
    }

    /**
     * The levels of {@code keys}, each value read through {@code lookup} (which applies Camel's precedence).
     *
     * @throws ConfigurationException naming the first key whose value is not a level
     */
    public static LogLevels of(Collection<String> keys, Function<String, String> lookup) {
        Map<String, Level> levels = new TreeMap<>();
        for (String key : keys) {
            String value = lookup.apply(key);
            if (value == null || !key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
                continue;
            }
            String name = value.trim().toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(name)) {
                throw new ConfigurationException(key, value, "a log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF");
            }
            levels.put(key.substring(PREFIX.length()), Level.getLevel(name));
        }
        return new LogLevels(levels);
    }

    /** Logger name to level name, e.g. {@code io.binancedata=DEBUG}. */
    public Map<String, String> asMap() {
        Map<String, String> shown = new TreeMap<>();
        levels.forEach((logger, level) -> shown.put(logger, level.name()));
        return shown;
    }

    /** Sets the levels in the running Log4j configuration (root first, so a named logger is never overridden). */
    public void apply() {
        Level root = levels.get(ROOT);
        if (root != null) {
            Configurator.setRootLevel(root);
        }
        levels.forEach((logger, level) -> {
            if (!ROOT.equals(logger)) {
                Configurator.setLevel(logger, level);
            }
        });
        LOG.debug("Log levels from the configuration: {}", asMap());
    }
}
