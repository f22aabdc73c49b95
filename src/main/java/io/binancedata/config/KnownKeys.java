package io.binancedata.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code binance.*} key set must be one the product reads: a misspelled one ({@code binance.trade.symbol}) would
 * otherwise be ignored without a word, the product running on the default it meant to change. Camel checks its own
 * {@code camel.*} keys the same way.
 */
public final class KnownKeys {
    private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);
    private static final String PREFIX = "binance.";
    /**
     * Keys read elsewhere than {@link Setting}: the control API's, the log format the process sets itself, and the
     * system properties of the build's test JVMs, in which tests run the process (the recorded data's folder, the jar
     * and its class archive, the image tarball, a test's random seed).
     */
    private static final Set<String> OTHERS = Set.of("binance.control.allowed-hosts", "binance.control.token",
            LogFormat.LOG4J_PROPERTY, "binance.shared.dir", "binance.jar", "binance.jar.class-archive",
            "binance.image.tar", "binance.test.seed");
    /** Keys of earlier versions no longer read: a WARN, not an error, so that an old configuration still starts. */
    private static final Set<String> RETIRED = Set.of("binance.watchdog.kline-silence");
    private static final Set<String> KNOWN = Stream.concat(Stream.of(Setting.values()).map(Setting::key),
            OTHERS.stream()).collect(Collectors.toUnmodifiableSet());

    private KnownKeys() {
    }

    /**
     * Checks the keys given (those of the properties files and system properties); others than {@code binance.*} are
     * not looked at.
     *
     * @param value the value of a key, for the message
     * @throws ConfigurationException naming the first unknown key in alphabetical order, and the known key closest to
     *                                it
     */
    public static void check(Collection<String> keys, Function<String, String> value) {
        Set<String> unknown = new TreeSet<>();
        for (String key : keys) {
            if (!key.startsWith(PREFIX) || KNOWN.contains(key)) {
                continue;
            }
            if (RETIRED.contains(key)) {
                LOG.warn("Configuration key {} is no longer read (see README); remove it", key);
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new ConfigurationException(key, String.valueOf(value.apply(key)), "a key the product reads ("
                    + key + " is none; did you mean " + closest(key) + "?)");
        }
    }

    /**
     * Warns about each environment variable named like a product key ({@code BINANCE_…}) that stands for none — Camel
     * reads {@code binance.trade.symbols} from {@code BINANCE_TRADE_SYMBOLS} — naming the closest: a container
     * configured by its environment would otherwise run on a default without a word. Only a WARN: the environment
     * may hold other programs' variables of that prefix.
     */
    public static void warnUnknownEnvironment(Collection<String> variables) {
        Set<String> known = KNOWN.stream().map(KnownKeys::environmentName).collect(Collectors.toSet());
        for (String variable : new TreeSet<>(variables)) {
            if (variable.startsWith("BINANCE_") && !known.contains(variable)) {
                LOG.warn("Environment variable {} stands for no key the product reads (did you mean {}?); ignored",
                        variable, environmentName(closest(variable.toLowerCase(java.util.Locale.ROOT)
                                .replace('_', '.'))));
            }
        }
    }

    /** The environment variable Camel reads a key from: upper case, '.' and '-' as '_'. */
    static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known key with the fewest edits from {@code key}. */
    static String closest(String key) {
        return Stream.of(Setting.values()).map(Setting::key)
                .min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k)).orElseThrow();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
