package io.binancedata.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The product's own sink option {@code binanceBatch=true|false} in a sink URI's query: with {@code true} a network
 * sink gets each batch as one message (its framed SBE messages back to back) instead of one message per event. The
 * option is taken out of the URI before Camel sees it.
 */
final class SinkBatching {
    static final String OPTION = "binanceBatch";
    private static final Pattern PARAM = Pattern.compile("([?&])" + OPTION + "=([^&]*)");

    private SinkBatching() {
    }

    static boolean isBatch(String uri) {
        Matcher m = PARAM.matcher(uri);
        if (!m.find()) {
            return false;
        }
        String value = m.group(2);
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalArgumentException(OPTION + " must be true or false, was " + value + " in " + uri);
        }
        return "true".equals(value);
    }

    /** The URI without the option (and without an empty query left behind). */
    static String strip(String uri) {
        Matcher m = PARAM.matcher(uri);
        if (!m.find()) {
            return uri;
        }
        String before = uri.substring(0, m.start());
        String after = uri.substring(m.end());
        if ("?".equals(m.group(1))) {
            return after.isEmpty() ? before : before + "?" + after.substring(1);
        }
        return before + after;
    }
}
