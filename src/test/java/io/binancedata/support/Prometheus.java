package io.binancedata.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Prometheus text format ({@code name{label="value",...} number}) for assertions. */
public final class Prometheus {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Prometheus(List<Sample> samples) {
        this.samples = samples;
    }

    public static Prometheus parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = line.lastIndexOf('}');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            String rest;
            if (brace >= 0) {
                name = line.substring(0, brace);
                Matcher m = LABEL.matcher(line.substring(brace + 1, end));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
                rest = line.substring(end + 1).trim();
            } else {
                int space = line.indexOf(' ');
                name = line.substring(0, space);
                rest = line.substring(space + 1).trim();
            }
            String value = rest.split(" ")[0];
            samples.add(new Sample(name, labels, Double.parseDouble(value)));
        }
        return new Prometheus(samples);
    }

    /** The samples of a metric whose labels include all of {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The single sample's value, or an error when there is none or more than one. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + labels + ": " + found);
        }
        return found.get(0).value();
    }
}
