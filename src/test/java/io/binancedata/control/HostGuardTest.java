package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import io.binancedata.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class HostGuardTest {
    private static final String HOST_REFUSED = "Host not allowed: call this server as 127.0.0.1 or localhost, "
            + "or list the name you use in binance.control.allowed-hosts";
    private static final String ORIGIN_REFUSED = "Cross-origin request refused: the Origin is not this server";

    private final HostGuard guard = new HostGuard(Set.of("binance-data.internal"));

    private String refusal(String host, String... origins) {
        return guard.refusal(host == null ? List.of() : List.of(host), List.of(origins), "127.0.0.1", false);
    }

    @Test
    void shouldAcceptTheLoopbackNamesAndTheConfiguredNamesOnAnyPort() {
        assertThat(refusal("127.0.0.1:8080")).isNull();
        assertThat(refusal("localhost:8080")).isNull();
        assertThat(refusal("LOCALHOST:8080")).isNull();
        assertThat(refusal("[::1]:8080")).isNull();
        assertThat(refusal("binance-data.internal:8080")).isNull();
        assertThat(guard.refusal(List.of("10.0.0.5:8080"), List.of(), "10.0.0.5", false))
                .as("the local address the request arrived on").isNull();
        for (String local : List.of("fd00:0:0:0:0:0:0:5", "fd00::5", "FD00::5", "fd00:0:0:0:0:0:0:5%eth0")) {
            assertThat(guard.refusal(List.of("[fd00::5]:8080"), List.of(), local, false))
                    .as("an IPv6 address the request arrived on, as " + local).isNull();
        }
        assertThat(guard.refusal(List.of("[fd00::6]:8080"), List.of(), "fd00::5", false)).isEqualTo(HOST_REFUSED);
        assertThat(guard.refusal(List.of("[fd00::5]:8080"), List.of(), "10.0.0.5", false)).isEqualTo(HOST_REFUSED);
        assertThat(refusal("localhost:18080")).as("a port mapping, e.g. docker -p 18080:8080").isNull();
        assertThat(refusal("localhost")).isNull();
    }

    @Test
    void shouldRefuseOtherHostsAndMalformedOrRepeatedHostHeaders() {
        assertThat(refusal("evil.example:8080")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("evil.example")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("127.0.0.2:8080")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("localhost.evil.example:8080")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("localhost:99999")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("user@localhost:8080")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("localhost:8080/x")).isEqualTo(HOST_REFUSED);
        assertThat(refusal("")).isEqualTo(HOST_REFUSED);
        assertThat(refusal(null)).isEqualTo("Exactly one Host header is required");
        assertThat(guard.refusal(List.of("localhost:8080", "evil.example:8080"), List.of(), "127.0.0.1", false))
                .isEqualTo("Exactly one Host header is required");
    }

    @Test
    void shouldAcceptOnlyTheSameOrigin() {
        assertThat(refusal("localhost:8080", "http://localhost:8080")).isNull();
        assertThat(refusal("localhost:8080", "https://LOCALHOST:8080")).isNull();
        assertThat(refusal("localhost:8080", "http://evil.example")).isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost:8080", "http://evil.example:8080")).isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost:8080", "http://127.0.0.1:8080")).as("another origin of this machine")
                .isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost:8080", "http://localhost")).isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost", "http://localhost")).isNull();
        assertThat(guard.refusal(List.of("localhost"), List.of("https://localhost"), "127.0.0.1", true)).isNull();
        assertThat(refusal("localhost", "https://localhost")).as("default ports differ").isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost:8080", "null")).isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost:8080", "file://")).isEqualTo(ORIGIN_REFUSED);
        assertThat(refusal("localhost:8080", "http://localhost:8080", "http://localhost:8080")).isEqualTo(ORIGIN_REFUSED);
    }

    @Test
    void shouldParseTheAllowedHostsKey() {
        assertThat(HostGuard.parseAllowedHosts(" ")).isEmpty();
        assertThat(HostGuard.parseAllowedHosts("Binance-Data.internal, 10.0.0.5,[fd00::1]"))
                .containsExactly("binance-data.internal", "10.0.0.5", "[fd00::1]");
        for (String bad : List.of("a:8080", "a,,b", "http://a", "a/b", "[fd00::1]:80", "a b")) {
            assertThatThrownBy(() -> HostGuard.parseAllowedHosts(bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("binance.control.allowed-hosts");
        }
    }
}
