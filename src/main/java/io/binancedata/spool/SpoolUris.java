package io.binancedata.spool;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import io.binancedata.sink.SinkName;

/**
 * Builds {@code spool:} URIs around sink URIs. The sink's name is derived from its URI, readable and stable: the
 * same URI always gives the same spool folder, so a restart finds what the previous run spooled (change the sink URI
 * and the old folder is no longer read: drain it first).
 */
public final class SpoolUris {
    private static final int MAX_READABLE_LENGTH = 60;

    private SpoolUris() {
    }

    /**
     * {@code spool:<sinkName(sinkUri)>?delegate=RAW(<sinkUri>)&dir=RAW(<dir>)}, the sink URI and the folder kept
     * verbatim (RAW{...} when they hold a closing parenthesis).
     *
     * @throws IllegalArgumentException if a value holds both ')' and '}', which RAW cannot quote
     */
    public static String wrap(String sinkUri, String dir) {
        return wrap(sinkUri, sinkUri, dir);
    }

    /**
     * As {@link #wrap(String, String)}, the spool named after {@code sinkUri} (the configured sink) but delivering to
     * {@code delegateUri} (what the product makes of it, e.g. {@code binance-kafka:} around a {@code kafka:} URI).
     */
    public static String wrap(String sinkUri, String delegateUri, String dir) {
        return "spool:" + sinkName(sinkUri) + "?delegate=" + raw(delegateUri) + "&dir=" + raw(dir);
    }

    /**
     * A folder name for a sink, also shown in logs and thread names: its URI without the parts that may hold secrets
     * ({@link SinkName}: no query, no user information), every run of characters other than letters, digits, '.', '_'
     * and '-' turned into '-' (at most 60 characters kept), then '-' and 8 hex digits of the whole URI's CRC-32, so
     * URIs that differ only in their query or punctuation get different names; e.g.
     * {@code http-127.0.0.1-8090-ingest-1c291ca3}.
     */
    public static String sinkName(String sinkUri) {
        String readable = SinkName.of(sinkUri).replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-._]+|[-._]+$", "");
        if (readable.length() > MAX_READABLE_LENGTH) {
            readable = readable.substring(0, MAX_READABLE_LENGTH).replaceAll("[-._]+$", "");
        }
        CRC32 crc = new CRC32();
        crc.update(sinkUri.getBytes(StandardCharsets.UTF_8));
        String hash = String.format("%08x", crc.getValue());
        return readable.isEmpty() ? hash : readable + "-" + hash;
    }

    private static String raw(String value) {
        if (value.indexOf(')') < 0) {
            return "RAW(" + value + ")";
        }
        if (value.indexOf('}') < 0) {
            return "RAW{" + value + "}";
        }
        throw new IllegalArgumentException("Cannot quote a value holding both ')' and '}' with RAW: " + value);
    }
}
