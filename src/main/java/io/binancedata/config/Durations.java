package io.binancedata.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the product's duration syntax: a non-negative integer followed by {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
public final class Durations {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    /** Longest duration accepted: 100 years, far below what a count of nanoseconds holds (292 years). */
    static final Duration MAX = Duration.ofDays(36_500);

    private Durations() {
    }

    /**
     * @param key  the configuration key, named in the error
     * @param text e.g. {@code 500ms}, {@code 5s}, {@code 2m}, {@code 12h}
     * @return the duration
     * @throws ConfigurationException when the text is not a duration, or one longer than 100 years ({@code 36500d})
     */
    public static Duration parse(String key, String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new ConfigurationException(key, text, "a duration such as 500ms, 5s, 2m, 12h or 1d");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.compareTo(MAX) > 0) {
            throw new ConfigurationException(key, text, "a duration of at most 36500d");
        }
        return duration;
    }
}
