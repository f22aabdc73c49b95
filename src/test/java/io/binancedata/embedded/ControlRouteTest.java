package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.SymbolShape;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control route direct:control, driven with JSON messages as a user's own route would. */
class ControlRouteTest {
    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()));
        binance = Product.start(exchange, dir);
        template = binance.camelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        template.close();
        binance.close();
        exchange.close();
    }

    private JsonNode send(String request) {
        return SbeFiles.parse(template.requestBody("direct:control", request, String.class));
    }

    @Test
    void shouldStartListAndStopStreams() {
        JsonNode started = send("{\"action\":\"start\",\"kind\":\"trade\",\"symbols\":[\"btcusdt\",\"ETHUSDT\"]}");
        assertThat(started.toString()).isEqualTo(
                "{\"action\":\"start\",\"started\":[\"trade-btcusdt\",\"trade-ethusdt\"],\"alreadyRunning\":[]}");
        JsonNode klines = send("{\"action\":\"start\",\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1s\",\"1m\"]}");
        assertThat(klines.get("started").toString()).isEqualTo("[\"kline-btcusdt-1s\",\"kline-btcusdt-1m\"]");
        JsonNode again = send("{\"action\":\"start\",\"kind\":\"trade\",\"symbols\":[\"BTCUSDT\"]}");
        assertThat(again.toString()).isEqualTo("{\"action\":\"start\",\"started\":[],\"alreadyRunning\":[\"trade-btcusdt\"]}");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                send("{\"action\":\"list\"}").get("streams").findValuesAsText("state").stream()
                        .allMatch("STREAMING"::equals));
        JsonNode list = send("{\"action\":\"list\"}");
        assertThat(list.get("streams").findValuesAsText("id"))
                .containsExactly("kline-btcusdt-1m", "kline-btcusdt-1s", "trade-btcusdt", "trade-ethusdt");
        assertThat(list.get("streams").findValuesAsText("state")).containsOnly("STREAMING");

        assertThat(send("{\"action\":\"stop\",\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1s\"]}")
                .get("stopped").toString()).isEqualTo("[\"kline-btcusdt-1s\"]");
        assertThat(send("{\"action\":\"stop-all\",\"kind\":\"trade\"}").get("stopped").toString())
                .isEqualTo("[\"trade-btcusdt\",\"trade-ethusdt\"]");
        assertThat(send("{\"action\":\"stop-all\"}").get("stopped").toString()).isEqualTo("[\"kline-btcusdt-1m\"]");
        assertThat(send("{\"action\":\"list\"}").get("streams").findValuesAsText("state")).containsOnly("STOPPED");
    }

    @Test
    void shouldAnswerSymbolQueries() {
        assertThat(send("{\"action\":\"validate\",\"symbols\":[\"btcusdt\"]}").get("symbols").toString())
                .isEqualTo("[\"BTCUSDT\"]");
        assertThat(send("{\"action\":\"symbols\"}").get("symbols").toString())
                .contains("\"BTCUSDT\"").doesNotContain("BCCBTC").doesNotContain("LUNAUSDT");
    }

    @Test
    void shouldReportErrorsAsTheJavaApisTypedExceptions() {
        assertThatThrownBy(() -> send("{\"action\":\"start\",\"kind\":\"trade\",\"symbols\":[\"BCCBTC\"]}"))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOf(InvalidSymbolException.class).hasMessageContaining("BCCBTC is BREAK, not TRADING");
        assertThatThrownBy(() -> send("{\"action\":\"stop\",\"kind\":\"trade\",\"symbols\":[\"BTCUSDT\"]}"))
                .cause().isInstanceOf(StreamNotActiveException.class).hasMessage("Stream(s) not active: trade-btcusdt");
        assertThatThrownBy(() -> send("{\"action\":\"start\",\"kind\":\"candles\",\"symbols\":[\"BTCUSDT\"]}"))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessageContaining("candles");
        assertThatThrownBy(() -> send("{\"action\":\"restart\"}"))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessageContaining("Unknown action 'restart'");
        assertThatThrownBy(() -> send("{\"action\":\"start\",\"kind\":\"trade\",\"symbol\":[\"BTCUSDT\"]}"))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> send("not json"))
                .cause().isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Unreadable control message");
        assertThat(binance.streams()).isEmpty();
    }

    /** Nulls, duplicates, trailing data and badly shaped symbols are the caller's errors, never an NPE or a row. */
    @Test
    void shouldReadControlMessagesStrictly() {
        assertThatThrownBy(() -> send("{\"action\":\"start\",\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[null]}"))
                .cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("Field 'intervals[0]' must be a string, not null");
        assertThatThrownBy(() -> send("{\"action\":\"validate\",\"symbols\":[null]}"))
                .cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("Field 'symbols[0]' must be a string, not null");
        assertThatThrownBy(() -> send("{\"action\":\"list\"}{\"action\":\"stop-all\"}"))
                .cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unreadable control message: data after the JSON object");
        assertThatThrownBy(() -> send("{\"action\":\"list\",\"action\":\"stop-all\"}"))
                .cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unreadable control message: field 'action' given twice at line 1, column 26");
        assertThatThrownBy(() -> send("{\"action\":\"start\",\"kind\":\"trade\",\"symbols\":[\"A/B\",\"X Y\"]}"))
                .cause().isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) A/B, X Y: " + SymbolShape.RULE);
        assertThatThrownBy(() -> send("{\"action\":\"stop\",\"kind\":\"trade\",\"symbols\":[\"..\"]}"))
                .cause().isInstanceOf(InvalidSymbolException.class);
        assertThat(binance.streams()).isEmpty();
    }
}
