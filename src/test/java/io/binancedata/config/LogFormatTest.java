package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static Properties props(String value) {
        Properties p = new Properties();
        if (value != null) {
            p.setProperty(LogFormat.KEY, value);
        }
        return p;
    }

    @Test
    void shouldTakeTheFirstSourceThatHasTheKeyInCamelsOrder() {
        assertThat(LogFormat.resolve(k -> "json", Map.of("LOGGING_FORMAT", "text"), props("text"), props("text")))
                .isEqualTo("json");
        assertThat(LogFormat.resolve(k -> null, Map.of("LOGGING_FORMAT", "JSON"), props("text"), props("text")))
                .isEqualTo("json");
        assertThat(LogFormat.resolve(k -> null, Map.of(), props(" json "), props("text"))).isEqualTo("json");
        assertThat(LogFormat.resolve(k -> null, Map.of(), props(null), props("json"))).isEqualTo("json");
        assertThat(LogFormat.resolve(k -> null, Map.of(), props(null), props(null))).isEqualTo("text");
        assertThat(LogFormat.resolve(k -> null, Map.of(), props(""), props("json"))).isEqualTo("text");
    }

    @Test
    void shouldRefuseAnUnknownFormatNamingTheKey() {
        assertThatThrownBy(() -> LogFormat.resolve(k -> null, Map.of("LOGGING_FORMAT", "xml"), props(null),
                props(null))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration logging.format=xml: expected text or json");
    }
}
