package io.binancedata.sink;

/**
 * The name a sink is shown under in metrics: its endpoint URI without the parts that may hold secrets. The query
 * ({@code ?…}: tokens, passwords, connection factory references) and any user information before an {@code @} in the
 * authority ({@code user:password@host}) are removed; scheme, host, port and path stay. Examples:
 * {@code jms:queue:trades?connectionFactory=#artemis} → {@code jms:queue:trades};
 * {@code https://user:pw@host:8443/ingest?token=x} → {@code https://host:8443/ingest}. A path is shown as it is:
 * do not put secrets in paths.
 */
public final class SinkName {
    private SinkName() {
    }

    /** The URI without query and user information. */
    public static String of(String uri) {
        int query = uri.indexOf('?');
        String name = query < 0 ? uri : uri.substring(0, query);
        int scheme = name.indexOf(':');
        if (scheme < 0) {
            return name;
        }
        int authority = name.startsWith("//", scheme + 1) ? scheme + 3 : scheme + 1;
        int path = name.indexOf('/', authority);
        int end = path < 0 ? name.length() : path;
        int at = name.lastIndexOf('@', end - 1);
        if (at < authority) {
            return name;
        }
        return name.substring(0, authority) + name.substring(at + 1);
    }
}
