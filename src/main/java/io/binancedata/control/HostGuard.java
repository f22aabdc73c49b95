package io.binancedata.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.binancedata.config.ConfigurationException;

/**
 * Keeps web pages away from the control API. A browser on the operator's machine can reach a loopback port: a page
 * can send a simple POST to it without a CORS preflight, and a DNS-rebinding page can even read the answers. So a
 * request is refused (403) unless
 * <ul>
 * <li>its one {@code Host} header names this server: {@code 127.0.0.1}, {@code localhost}, {@code [::1]}, the local
 * address the request arrived on, or a name of {@value #ALLOWED_HOSTS_KEY}. The name is what a rebinding page cannot
 * fake (its Host is its own name); the port is not compared, so a port mapping (Docker {@code -p 18080:8080}) works;</li>
 * <li>an {@code Origin} header, when there is one, is this same server: {@code http(s)://} and the same host and port
 * as {@code Host} (a foreign page's origin, or {@code null} from a sandboxed one, is refused).</li>
 * </ul>
 * Reasons never echo the headers.
 */
public final class HostGuard {
    /** Property listing further host names (or IP addresses) under which clients reach the control API. */
    public static final String ALLOWED_HOSTS_KEY = "binance.control.allowed-hosts";
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");

    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f]*:[0-9a-f:.]*");
    private final Set<String> names;

    /** A guard allowing the loopback names and {@code extraNames} (lower-case host names or IP literals). */
    public HostGuard(Set<String> extraNames) {
        Set<String> all = new LinkedHashSet<>(LOOPBACK);
        all.addAll(extraNames);
        this.names = Set.copyOf(all);
    }

    /**
     * The names of {@value #ALLOWED_HOSTS_KEY} (comma-separated host names, IPv4 addresses or bracketed IPv6 addresses,
     * no ports), lower-cased.
     *
     * @throws ConfigurationException naming the key for anything else
     */
    public static Set<String> parseAllowedHosts(String value) {
        Set<String> names = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            return names;
        }
        for (String entry : Arrays.stream(value.split(",")).map(String::trim).toList()) {
            boolean port = entry.startsWith("[") ? entry.indexOf(':', Math.max(0, entry.indexOf(']'))) >= 0
                    : entry.contains(":");
            if (port || Authority.parse(entry, 80) == null) {
                throw new ConfigurationException(ALLOWED_HOSTS_KEY, value,
                        "host names or IP addresses without ports, separated by commas, e.g. binance-data.internal,10.0.0.5");
            }
            names.add(entry.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /**
     * @param hosts        every {@code Host} header of the request
     * @param origins      every {@code Origin} header of the request
     * @param localAddress the local IP address the request arrived on ({@code 127.0.0.1}), or null
     * @param tls          whether the request came over TLS (a Host without port means 443 instead of 80)
     * @return {@code null} when the request may proceed, else why it may not
     */
    public String refusal(List<String> hosts, List<String> origins, String localAddress, boolean tls) {
        if (hosts.size() != 1) {
            return "Exactly one Host header is required";
        }
        Authority host = Authority.parse(hosts.get(0), tls ? 443 : 80);
        if (host == null || !allowedName(host.host(), localAddress)) {
            return "Host not allowed: call this server as 127.0.0.1 or localhost, or list the name you use in "
                    + ALLOWED_HOSTS_KEY;
        }
        if (origins.isEmpty()) {
            return null;
        }
        if (origins.size() > 1 || !host.equals(Authority.ofOrigin(origins.get(0)))) {
            return "Cross-origin request refused: the Origin is not this server";
        }
        return null;
    }

    private boolean allowedName(String host, String localAddress) {
        if (names.contains(host)) {
            return true;
        }
        if (localAddress == null) {
            return false;
        }
        String local = localAddress.toLowerCase(Locale.ROOT);
        int scope = local.indexOf('%');
        local = scope < 0 ? local : local.substring(0, scope);
        return host.equals(local) || host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                && sameIpv6(host.substring(1, host.length() - 1), local);
    }

    /** Whether two IPv6 literals name one address ({@code ::1} and {@code 0:0:0:0:0:0:0:1}); never a DNS lookup. */
    private static boolean sameIpv6(String a, String b) {
        if (!IPV6_LITERAL.matcher(a).matches() || !IPV6_LITERAL.matcher(b).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
