package io.binancedata.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths the control API serves and the methods each allows, as its {@code platform-http:} routes declare them
 * ({@code /streams} GET,POST; {@code /streams/{id}} GET,DELETE). Tells a request that matched no route whether its path
 * exists (405, with the methods for {@code Allow}) or not (404).
 */
final class ControlPaths {
    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");

    private record Served(Pattern path, List<String> methods) {
    }

    private final Map<String, Served> byTemplate = new ConcurrentHashMap<>();

    /** A served path template ({@code /streams/{id}}) and its methods ({@code GET,POST}; null or empty: all). */
    void add(String template, String methods) {
        List<String> allowed = methods == null || methods.isBlank() ? List.of()
                : Arrays.stream(methods.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
        byTemplate.put(template, new Served(regex(template), allowed));
    }

    private static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAMETER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(last))).toString());
    }

    /**
     * The methods allowed on {@code path}, sorted, when a route serves it; empty when none does. A path served with
     * every method has no entry here (such a route never leaves a request unmatched).
     */
    Optional<List<String>> allowedMethods(String path) {
        List<String> methods = new ArrayList<>();
        boolean served = false;
        for (Served s : byTemplate.values()) {
            if (path != null && s.path().matcher(path).matches() && !s.methods().isEmpty()) {
                served = true;
                s.methods().stream().filter(m -> !methods.contains(m)).forEach(methods::add);
            }
        }
        return served ? Optional.of(methods.stream().sorted().toList()) : Optional.empty();
    }

    /** The served templates, sorted, for a 404's message. */
    List<String> templates() {
        return byTemplate.keySet().stream().sorted().toList();
    }
}
