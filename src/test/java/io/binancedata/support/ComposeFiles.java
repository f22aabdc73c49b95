package io.binancedata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Compose files read as {@code docker compose -f A -f B} reads them, without a Docker engine: the files merged in
 * order with compose's rules (compose-go's override package) for what docker/ uses — mappings merged key by key
 * ({@code environment} and {@code depends_on} included; an {@code x-} key replaced whole), {@code command},
 * {@code entrypoint} and {@code healthcheck.test} replaced, {@code volumes} replacing the entry of the same container
 * path, {@code ports} appended (an identical entry once), other sequences appended — and the part asked for with
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?error}} and {@code $$} interpolated. The sequence form of
 * {@code environment} is not supported (docker/ uses mappings).
 */
public final class ComposeFiles {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{(\\w+)(?::-([^}]*)|:\\?([^}]*))?}");

    private ComposeFiles() {
    }

    /**
     * The environment of {@code service} in {@code files} merged, as compose passes it to the container, the
     * variables taken from {@code variables} (only this environment's are needed).
     *
     * @throws IllegalArgumentException as compose refuses to start: {@code NAME: message} for a
     *                                  {@code ${NAME:?message}} not set; or no such service or environment
     */
    public static Map<String, String> environment(String service, Map<String, String> variables, Path... files) {
        Map<?, ?> environment = (Map<?, ?>) interpolate(get(get(get(merged(files), "services"), service),
                "environment"), variables);
        Map<String, String> resolved = new LinkedHashMap<>();
        environment.forEach((name, value) -> resolved.put(name.toString(), value.toString()));
        return resolved;
    }

    /** The {@code services} of {@code files} merged, then interpolated (every variable they require set), by name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> services(Map<String, String> variables, Path... files) {
        return (Map<String, Object>) interpolate(get(merged(files), "services"), variables);
    }

    /**
     * The model of {@code files} merged, not interpolated (compose interpolates each file before it merges them: the
     * same result as long as no port or volume entry holds a variable, as in docker/).
     */
    public static Map<String, Object> merged(Path... files) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                Object model = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
                merged = mergeMappings(merged, asMapping(model, file.toString()), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return merged;
    }

    private static Object interpolate(Object node, Map<String, String> variables) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, value) -> out.put(key.toString(), interpolate(value, variables)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(value -> out.add(interpolate(value, variables)));
            return out;
        }
        return node instanceof String s ? interpolate(s, variables) : node;
    }

    private static String interpolate(String value, Map<String, String> variables) {
        return VARIABLE.matcher(value).replaceAll(m -> {
            if (m.group().equals("$$")) {
                return Matcher.quoteReplacement("$");
            }
            String set = variables.getOrDefault(m.group(1), "");
            if (!set.isEmpty()) {
                return Matcher.quoteReplacement(set);
            }
            if (m.group(3) != null) {
                throw new IllegalArgumentException(m.group(1) + ": " + m.group(3));
            }
            return Matcher.quoteReplacement(m.group(2) != null ? m.group(2) : "");
        });
    }

    private static Map<String, Object> mergeMappings(Map<String, Object> base, Map<String, Object> other,
                                                     String path) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        other.forEach((key, value) -> {
            Object existing = merged.get(key);
            merged.put(key, existing == null || key.startsWith("x-") ? value
                    : merge(existing, value, path.isEmpty() ? key : path + "." + key));
        });
        return merged;
    }

    private static Object merge(Object base, Object other, String path) {
        if (path.matches("services\\.[^.]+\\.(command|entrypoint|healthcheck\\.test)")) {
            return other;
        }
        if (path.matches("services\\.[^.]+\\.environment") && !(base instanceof Map && other instanceof Map)) {
            throw new IllegalArgumentException(path + ": only the mapping form is supported here");
        }
        if (base instanceof Map<?, ?> && other instanceof Map<?, ?>) {
            return mergeMappings(asMapping(base, path), asMapping(other, path), path);
        }
        if (base instanceof List<?> list && other instanceof List<?> more) {
            if (path.matches("services\\.[^.]+\\.volumes")) {
                return unique(list, more, ComposeFiles::mountTarget);
            }
            if (path.matches("services\\.[^.]+\\.ports")) {
                return unique(list, more, Object::toString);
            }
            List<Object> appended = new ArrayList<>(list);
            appended.addAll(more);
            return appended;
        }
        return other;
    }

    /** {@code base} then {@code more}, an entry of {@code more} replacing the one of {@code base} with the same key. */
    private static List<Object> unique(List<?> base, List<?> more, Function<Object, String> key) {
        Map<String, Object> byKey = new LinkedHashMap<>();
        base.forEach(entry -> byKey.put(key.apply(entry), entry));
        more.forEach(entry -> byKey.put(key.apply(entry), entry));
        return new ArrayList<>(byKey.values());
    }

    /** The container path of a short-syntax volume, {@code source:target[:mode]} or {@code target}. */
    private static String mountTarget(Object volume) {
        String[] parts = volume.toString().split(":");
        return parts.length == 1 ? parts[0] : parts[1];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMapping(Object node, String where) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + " is not a mapping");
        }
        return (Map<String, Object>) node;
    }

    private static Object get(Object map, String key) {
        Object value = ((Map<?, ?>) map).get(key);
        if (value == null) {
            throw new IllegalArgumentException("the compose files have no " + key);
        }
        return value;
    }
}
