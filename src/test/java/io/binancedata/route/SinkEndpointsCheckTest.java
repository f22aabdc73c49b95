package io.binancedata.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.ConfigurationException;
import io.binancedata.sink.SbeFileComponent;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SinkEndpointsCheckTest {
    private DefaultCamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        camel.addComponent("sbe-file", new SbeFileComponent());
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private void verify(String key, String value) {
        SinkEndpointsCheck.verify(camel, BinanceSettings.of(Map.of(key, value)));
    }

    @Test
    void shouldAcceptTheDefaultsAndNetworkSinksWithoutCreatingOrStartingAnything() {
        assertThatCode(() -> verify("binance.sink.trade", "sbe-file:data?fsync=true&maxOpenFiles=16,"
                + "http://127.0.0.1:1/ingest?httpMethod=POST&connectTimeout=500")).doesNotThrowAnyException();
        assertThat(camel.getEndpoints()).isEmpty();
    }

    @Test
    void shouldLeaveTheProductsBatchOptionOfNetworkSinksToTheProduct() {
        camel.getRegistry().bind("artemis", new ActiveMQConnectionFactory("vm://0"));
        assertThatCode(() -> verify("binance.sink.trade", "jms:queue:trades?binanceBatch=true&connectionFactory=#artemis"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verify("binance.sink.trade", "sbe-file:data?binanceBatch=true"))
                .hasMessageStartingWith("Invalid configuration binance.sink.trade=sbe-file:data?binanceBatch=true:"
                        + " expected an endpoint URI sbe-file accepts (There are 1 parameters");
    }

    @Test
    void shouldNameTheKeyOfASinkWhoseSchemeIsNoComponent() {
        assertThatThrownBy(() -> verify("binance.sink.trade", "sbe-file:data,nosuchscheme://foo"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.sink.trade=nosuchscheme://foo: expected Camel endpoint URIs"
                        + " whose scheme names a component on the classpath; there is no component nosuchscheme");
        assertThatThrownBy(() -> verify("binance.sink.kline", "data"))
                .hasMessage("Invalid configuration binance.sink.kline=data: expected Camel endpoint URIs such as"
                        + " sbe-file:data");
    }

    @Test
    void shouldRefuseAnUnknownSbeFileOption() {
        assertThatThrownBy(() -> verify("binance.sink.kline", "sbe-file:data?bogus=1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.sink.kline=sbe-file:data?bogus=1: expected an endpoint URI"
                        + " sbe-file accepts (There are 1 parameters that couldn't be set on the endpoint. Check the uri"
                        + " if the parameters are spelt correctly and that they are properties of the endpoint."
                        + " Unknown parameters=[{bogus=1}])");
    }

    @Test
    void shouldNameTheDeadLetterKeyInOneLine() {
        assertThatThrownBy(() -> verify("binance.sink.dead-letter", "nosuch:foo"))
                .hasMessage("Invalid configuration binance.sink.dead-letter=nosuch:foo: expected Camel endpoint URIs"
                        + " whose scheme names a component on the classpath; there is no component nosuch");
        assertThatThrownBy(() -> verify("binance.sink.dead-letter", "file:dead?fileExists=Append"))
                .hasMessageStartingWith("Invalid configuration binance.sink.dead-letter=file:dead?fileExists=Append:"
                        + " expected an endpoint URI file accepts (There are 1 parameters")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldNotShowThePasswordOfASinkUri() {
        camel.getRegistry().bind("artemis", new ActiveMQConnectionFactory("vm://0"));
        assertThatThrownBy(() -> verify("binance.sink.trade",
                "jms:queue:trades?connectionFactory=#artemis&username=u&password=hunter2&bogus=1"))
                .hasMessage("Invalid configuration binance.sink.trade=jms:queue:trades?connectionFactory=#artemis"
                        + "&username=xxxxxx&password=xxxxxx&bogus=1: expected an endpoint URI jms accepts (There are 1"
                        + " parameters that couldn't be set on the endpoint. Check the uri if the parameters are spelt"
                        + " correctly and that they are properties of the endpoint. Unknown parameters=[{bogus=1}])");
    }
}
