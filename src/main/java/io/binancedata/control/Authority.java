package io.binancedata.control;

import java.util.Locale;

/**
 * The {@code host[:port]} of a {@code Host} header or of an {@code Origin}: host lower-cased (an IPv6 literal keeps
 * its brackets), port explicit or the scheme's default.
 *
 * @param host lower-case host name or IP literal, e.g. {@code localhost}, {@code 127.0.0.1}, {@code [::1]}
 * @param port 1 to 65535
 */
record Authority(String host, int port) {
    private static final int MAX_PORT = 65535;

    /** {@code host[:port]} or {@code [v6]:port}; {@code null} when it is not one (user info, path, bad port). */
    static Authority parse(String text, int defaultPort) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.startsWith("[") && text.indexOf(']') < 0) {
            return null;
        }
        int colon = text.startsWith("[") ? text.indexOf(':', text.indexOf(']')) : text.lastIndexOf(':');
        String host = colon < 0 ? text : text.substring(0, colon);
        int port = colon < 0 ? defaultPort : port(text.substring(colon + 1));
        if (port < 1 || !hostLike(host)) {
            return null;
        }
        return new Authority(host.toLowerCase(Locale.ROOT), port);
    }

    /** {@code http://host[:port]} or {@code https://host[:port]}, nothing else; {@code null} otherwise. */
    static Authority ofOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            return parse(origin.substring("http://".length()), 80);
        }
        if (lower.startsWith("https://")) {
            return parse(origin.substring("https://".length()), 443);
        }
        return null;
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(digits);
        return port <= MAX_PORT ? port : -1;
    }

    private static boolean hostLike(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.startsWith("[")) {
            return host.endsWith("]") && host.length() > 2
                    && host.substring(1, host.length() - 1).chars().allMatch(c -> c == ':' || c == '.'
                    || Character.digit(c, 16) >= 0);
        }
        return host.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-');
    }
}
