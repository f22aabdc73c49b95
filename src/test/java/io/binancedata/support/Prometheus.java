package io.binancedata.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text format 0.0.4 ({@code name{label="value",...} number}) for assertions, checking it
 * strictly on the way: {@link #parse} fails with every violation listed. Checked: each {@code # TYPE} is declared once,
 * before its samples, with a known type; every sample belongs to the family declared last (families are contiguous)
 * and has a name its type allows ({@code _total} for counters; {@code _bucket}, {@code _count}, {@code _sum} for
 * histograms; {@code _count}, {@code _sum} for summaries); names, labels and values are well-formed; no series
 * (name and label set) appears twice; counters are not negative; each histogram's buckets have increasing {@code le}
 * bounds with non-decreasing counts ending with {@code le="+Inf"}, which equals {@code _count}, and {@code _sum} is
 * present.
 */
public final class Prometheus {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? ([^ ]+)(?: (-?[0-9]+))?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A family declared by {@code # TYPE}. */
    public record Family(String name, String type) {
    }

    private final List<Sample> samples;
    private final Map<String, Family> families;

    private Prometheus(List<Sample> samples, Map<String, Family> families) {
        this.samples = samples;
        this.families = families;
    }

    /** Parses a scrape, failing with an {@link AssertionError} that lists every violation of the format. */
    public static Prometheus parse(String text) {
        Checker checker = new Checker();
        checker.check(text);
        if (!checker.violations.isEmpty()) {
            throw new AssertionError(checker.violations.size() + " violations of the Prometheus text format:\n  "
                    + String.join("\n  ", checker.violations));
        }
        return new Prometheus(checker.samples, checker.families);
    }

    /** Every violation of the format in a scrape; empty when it is valid. */
    public static List<String> violations(String text) {
        Checker checker = new Checker();
        checker.check(text);
        return checker.violations;
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

    /** The family declared with this name ({@code # TYPE}), or null. */
    public Family family(String name) {
        return families.get(name);
    }

    /** Every sample, in the order of the scrape. */
    public List<Sample> samples() {
        return samples;
    }

    private static final class Checker {
        final List<String> violations = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        final Map<String, Family> families = new LinkedHashMap<>();
        private final Set<String> helps = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        /** Histogram and summary samples of the current family, by label set without le/quantile. */
        private final Map<String, List<Sample>> groups = new TreeMap<>();
        private Family current;
        private int lineNumber;

        void check(String text) {
            if (!text.isEmpty() && !text.endsWith("\n")) {
                violations.add("the text does not end with a line feed");
            }
            for (String line : text.split("\n", -1)) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    comment(line);
                } else {
                    sample(line);
                }
            }
            finishFamily();
        }

        private void violation(String message) {
            violations.add("line " + lineNumber + ": " + message);
        }

        private void comment(String line) {
            String[] parts = line.split(" ", 4);
            if (parts.length < 3 || !(parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
                return; // any other comment is allowed
            }
            String name = parts[2];
            if (!METRIC_NAME.matcher(name).matches()) {
                violation("invalid metric name in " + line);
            }
            if (parts[1].equals("HELP")) {
                if (!helps.add(name)) {
                    violation("second HELP for " + name);
                }
                return;
            }
            String type = parts.length == 4 ? parts[3] : "";
            if (!TYPES.contains(type)) {
                violation("unknown type in " + line);
            }
            if (families.containsKey(name)) {
                violation("second TYPE for " + name);
            }
            if (series.stream().anyMatch(s -> familyOf(s.substring(0, s.indexOf('{')), name, type))) {
                violation("TYPE for " + name + " after its samples");
            }
            finishFamily();
            current = new Family(name, type);
            families.put(name, current);
        }

        private void sample(String line) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                violation("not a sample: " + line);
                return;
            }
            String name = m.group(1);
            Map<String, String> labels = labels(m.group(2) == null ? "" : m.group(2), line);
            Double value = number(m.group(3));
            if (value == null) {
                violation("invalid value in " + line);
                return;
            }
            Sample sample = new Sample(name, labels, value);
            samples.add(sample);
            if (!series.add(name + new TreeMap<>(labels))) {
                violation("duplicate series " + name + labels);
            }
            if (current == null || !familyOf(name, current.name(), current.type())) {
                Family declared = families.values().stream()
                        .filter(f -> familyOf(name, f.name(), f.type())).findFirst().orElse(null);
                violation(declared == null ? "sample " + name + " has no TYPE"
                        : "sample " + name + " is apart from the other samples of its family " + declared.name());
                return;
            }
            switch (current.type()) {
                case "counter" -> {
                    if (value.isNaN() || value < 0) {
                        violation("counter " + name + labels + " is " + value);
                    }
                }
                case "histogram", "summary" -> distributionSample(sample);
                default -> {
                }
            }
            if (labels.containsKey("le") && !name.endsWith("_bucket")) {
                violation("le label on " + name);
            }
        }

        private void distributionSample(Sample sample) {
            Map<String, String> key = new TreeMap<>(sample.labels());
            boolean histogram = current.type().equals("histogram");
            if (histogram && sample.name().endsWith("_bucket")) {
                if (key.remove("le") == null) {
                    violation("bucket without le: " + sample);
                }
            } else if (!histogram && sample.name().equals(current.name())) {
                if (key.remove("quantile") == null) {
                    violation("summary quantile without quantile label: " + sample);
                }
            }
            groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(sample);
        }

        /** Checks the histogram or summary groups of the family that just ended. */
        private void finishFamily() {
            if (current != null && (current.type().equals("histogram") || current.type().equals("summary"))) {
                for (Map.Entry<String, List<Sample>> group : groups.entrySet()) {
                    checkGroup(current, group.getKey(), group.getValue());
                }
            }
            groups.clear();
        }

        private void checkGroup(Family family, String labels, List<Sample> group) {
            String name = family.name();
            List<Sample> counts = group.stream().filter(s -> s.name().equals(name + "_count")).toList();
            List<Sample> sums = group.stream().filter(s -> s.name().equals(name + "_sum")).toList();
            if (counts.size() != 1 || sums.size() != 1) {
                violations.add(name + labels + ": " + counts.size() + " _count and " + sums.size() + " _sum samples");
            }
            if (!family.type().equals("histogram")) {
                return;
            }
            List<Sample> buckets = group.stream().filter(s -> s.name().equals(name + "_bucket")).toList();
            if (buckets.isEmpty()) {
                violations.add(name + labels + ": no buckets");
                return;
            }
            double previousBound = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample bucket : buckets) {
                Double bound = number(bucket.labels().getOrDefault("le", ""));
                if (bound == null || bound <= previousBound) {
                    violations.add(name + labels + ": bucket le=" + bucket.labels().get("le") + " after le="
                            + previousBound);
                    return;
                }
                if (bucket.value() < previousCount || Double.isNaN(bucket.value())) {
                    violations.add(name + labels + ": bucket le=" + bucket.labels().get("le") + " counts "
                            + bucket.value() + ", less than the bucket before (" + previousCount + ")");
                }
                previousBound = bound;
                previousCount = bucket.value();
            }
            if (previousBound != Double.POSITIVE_INFINITY) {
                violations.add(name + labels + ": the last bucket is le=" + previousBound + ", not +Inf");
            } else if (counts.size() == 1 && counts.get(0).value() != previousCount) {
                violations.add(name + labels + ": _count " + counts.get(0).value() + " differs from the +Inf bucket "
                        + previousCount);
            }
        }

        private Map<String, String> labels(String text, String line) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher m = LABEL.matcher(text);
            int position = 0;
            while (position < text.length()) {
                if (!m.find(position) || m.start() != position) {
                    violation("malformed labels in " + line);
                    return labels;
                }
                if (labels.put(m.group(1), unescape(m.group(2))) != null) {
                    violation("label " + m.group(1) + " twice in " + line);
                }
                position = m.end();
                if (position < text.length()) {
                    if (text.charAt(position) != ',') {
                        violation("malformed labels in " + line);
                        return labels;
                    }
                    position++;
                }
            }
            return labels;
        }

        private static String unescape(String value) {
            return value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        }

        private static Double number(String text) {
            switch (text) {
                case "+Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                case "NaN":
                    return Double.NaN;
                default:
                    if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                        return null;
                    }
                    return Double.parseDouble(text);
            }
        }

        /** Whether a sample name belongs to a family of this name and type. */
        private static boolean familyOf(String sample, String family, String type) {
            return switch (type) {
                case "counter" -> sample.equals(family) && family.endsWith("_total")
                        || sample.equals(family + "_total") || sample.equals(family + "_created");
                case "histogram" -> sample.equals(family + "_bucket") || sample.equals(family + "_count")
                        || sample.equals(family + "_sum") || sample.equals(family + "_created");
                case "summary" -> sample.equals(family) || sample.equals(family + "_count")
                        || sample.equals(family + "_sum") || sample.equals(family + "_created");
                default -> sample.equals(family);
            };
        }
    }

    @Override
    public String toString() {
        return samples.size() + " samples of " + families.size() + " families";
    }
}
