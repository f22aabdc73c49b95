package io.binancedata.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a PromQL expression reads: its series selectors (metric name and label matchers) and the labels its
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} clauses name.
 * A scanner, not a full parser: enough to check the queries of a dashboard against a scrape. Function and aggregation
 * names, keywords, numbers, durations, range and subquery brackets ({@code [5m]}, {@code [$__rate_interval]}), string
 * arguments and Grafana variables ({@code $stream}) are passed over. An expression it cannot read is an error, so a
 * malformed query never passes as one that uses no metric.
 */
public final class PromQl {
    /** {@code label op "value"}; op is one of {@code =}, {@code !=}, {@code =~}, {@code !~}. */
    public record Matcher(String label, String op, String value) {
    }

    /** A series selector: {@code metric{matchers}}; metric is null for {@code {__name__=…}}. */
    public record Selector(String metric, List<Matcher> matchers) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> OPERATORS = Set.of("=", "!=", "=~", "!~");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf",
            "nan");

    private final String text;
    private final List<Selector> selectors = new ArrayList<>();
    private final Set<String> groupingLabels = new LinkedHashSet<>();
    private int pos;

    private PromQl(String text) {
        this.text = text;
    }

    /** Scans an expression; an unterminated string, bracket or label list is an {@link IllegalArgumentException}. */
    public static PromQl parse(String expression) {
        PromQl q = new PromQl(expression);
        q.scan();
        return q;
    }

    public List<Selector> selectors() {
        return selectors;
    }

    /** The metric names the expression reads, in order of appearance, each once. */
    public Set<String> metrics() {
        Set<String> names = new LinkedHashSet<>();
        selectors.forEach(s -> {
            if (s.metric() != null) {
                names.add(s.metric());
            }
        });
        return names;
    }

    public Set<String> groupingLabels() {
        return groupingLabels;
    }

    private void scan() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '[') {
                pos = closing('[', ']') + 1;
            } else if (c == '{') {
                selectors.add(new Selector(null, matchers()));
            } else if (c == '$') {
                pos++;
                skipWhile("{}:_");
            } else if (Character.isDigit(c) || c == '.') {
                number();
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                word();
            } else {
                pos++;
            }
        }
    }

    private void word() {
        int start = pos;
        skipWhile("_:");
        String word = text.substring(start, pos);
        String next = peek();
        if (GROUPING.contains(word)) {
            if (next.equals("(")) {
                int end = closing('(', ')');
                for (String label : text.substring(pos + 1, end).split(",")) {
                    if (!label.isBlank()) {
                        groupingLabels.add(label.strip());
                    }
                }
                pos = end + 1;
            }
        } else if (next.equals("(") || AGGREGATIONS.contains(word)
                || KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
            return; // a function, an aggregation (its clause may come before the parenthesis) or a keyword
        } else {
            selectors.add(new Selector(word, next.equals("{") ? matchers() : List.of()));
        }
    }

    /** Reads {@code {label op "value", …}} from the brace the scanner is at (after blanks) to its end. */
    private List<Matcher> matchers() {
        List<Matcher> list = new ArrayList<>();
        pos = text.indexOf('{', pos) + 1;
        while (true) {
            String next = peek();
            if (next.equals("}")) {
                pos++;
                return list;
            }
            if (next.equals(",")) {
                pos++;
                continue;
            }
            if (next.isEmpty()) {
                throw new IllegalArgumentException("unterminated label matchers in: " + text);
            }
            int start = pos;
            skipWhile("_");
            String label = text.substring(start, pos);
            peek();
            int opStart = pos;
            while (pos < text.length() && "=!~".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String op = text.substring(opStart, pos);
            String quote = peek();
            if (label.isEmpty() || !OPERATORS.contains(op) || quote.isEmpty()
                    || "\"'`".indexOf(quote.charAt(0)) < 0) {
                throw new IllegalArgumentException("bad label matcher at " + start + " in: " + text);
            }
            list.add(new Matcher(label, op, string()));
        }
    }

    /** Reads the quoted string at pos (escapes undone) and moves past it. */
    private String string() {
        char quote = text.charAt(pos);
        StringBuilder value = new StringBuilder();
        for (int i = pos + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`' && i + 1 < text.length()) {
                value.append(text.charAt(++i));
            } else if (c == quote) {
                pos = i + 1;
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string in: " + text);
    }

    /** The index of the bracket closing the one at (or, after blanks, next to) pos. */
    private int closing(char open, char close) {
        int depth = 0;
        for (int i = text.indexOf(open, pos); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no '" + close + "' closes the '" + open + "' at " + pos + " in: " + text);
    }

    /** Skips blanks; the next character as a string, empty at the end. */
    private String peek() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length() ? String.valueOf(text.charAt(pos)) : "";
    }

    /** Skips a number or a duration: 0.99, 1e-6, 0x1f, 5m, 1h30m. */
    private void number() {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            char previous = text.charAt(pos - 1);
            boolean exponentSign = (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
            if (!Character.isLetterOrDigit(c) && c != '.' && !exponentSign) {
                return;
            }
            pos++;
        }
    }

    private void skipWhile(String extra) {
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos)) || extra.indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
    }
}
