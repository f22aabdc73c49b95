package io.binancedata;

import static org.assertj.core.api.Assertions.assertThat;

import io.binancedata.config.ConfigurationException;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class ConfigurationErrorsTest {
    @Test
    void shouldFindTheProductsConfigurationErrorInTheCauseChain() {
        ConfigurationException error = new ConfigurationException("binance.file.dir", "", "a directory");
        assertThat(ConfigurationErrors.find(new RuntimeCamelException(new IllegalStateException(error))))
                .isSameAs(error);
        assertThat(ConfigurationErrors.find(new IllegalStateException("port in use"))).isNull();
    }

    @Test
    void shouldNameTheCamelKeyAndValueCamelCouldNotBind() {
        PropertyBindingException unconvertible = new PropertyBindingException(new Object(), "jmxEnabled", "maybe",
                "camel.main.", "jmxEnabled", new IllegalArgumentException("Cannot convert the String value: maybe to"
                        + " type: boolean\nas the value is not true or false"));
        assertThat(ConfigurationErrors.find(new RuntimeCamelException(unconvertible))).hasMessage(
                "Invalid configuration camel.main.jmxEnabled=maybe: expected a value Camel accepts (Cannot convert the"
                        + " String value: maybe to type: boolean as the value is not true or false)");
        PropertyBindingException unknown = new PropertyBindingException(new Object(), "nosuchkey", "1", "camel.main.",
                "nosuchkey", null);
        assertThat(ConfigurationErrors.find(unknown)).hasMessage(
                "Invalid configuration camel.main.nosuchkey=1: expected an option Camel knows under camel.main"
                        + " (nosuchkey is none)");
    }
}
