package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CamelMainSettingsTest {
    @Test
    void shouldAcceptEveryPortFromZeroTo65535AndAbsentKeys() {
        for (String port : List.of("0", "1", "8080", " 9876 ", "65535")) {
            assertThatCode(() -> CamelMainSettings.validate(Map.of("camel.server.port", port,
                    "camel.management.port", port)::get)).doesNotThrowAnyException();
        }
        assertThatCode(() -> CamelMainSettings.validate(k -> null)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAPortThatIsNotANumberFrom0To65535NamingTheKey() {
        for (String key : List.of("camel.server.port", "camel.management.port")) {
            for (String port : List.of("abc", "-1", "65536", "99999", "", "80.5")) {
                assertThatThrownBy(() -> CamelMainSettings.validate(Map.of(key, port)::get))
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessage("Invalid configuration " + key + "=" + port
                                + ": expected a port number from 0 to 65535 (0: any free port)");
            }
        }
    }

    @Test
    void shouldRefuseABodySizeOrShutdownTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> CamelMainSettings.validate(Map.of("camel.server.max-body-size", "64k")::get))
                .hasMessage("Invalid configuration camel.server.max-body-size=64k: expected a positive number of bytes");
        assertThatThrownBy(() -> CamelMainSettings.validate(Map.of("camel.main.shutdown-timeout", "0")::get))
                .hasMessage("Invalid configuration camel.main.shutdown-timeout=0: expected a positive number of seconds");
    }
}
