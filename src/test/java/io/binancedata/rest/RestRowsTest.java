package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.binancedata.api.ExchangeUnavailableException;
import org.junit.jupiter.api.Test;

/** Strict reading of REST rows: every field present with its JSON type. */
class RestRowsTest {
    private static final URI URI_TRADES = URI.create("https://api.binance.com/api/v3/historicalTrades?symbol=X");
    private static final String TRADE = "{\"id\":28457,\"price\":\"4.00000100\",\"qty\":\"12.00000000\","
            + "\"quoteQty\":\"48.000012\",\"time\":1499865549590,\"isBuyerMaker\":true,\"isBestMatch\":true}";
    private static final String KLINE = "[1499040000000,\"0.01634790\",\"0.80000000\",\"0.01575800\",\"0.01577100\","
            + "\"148976.11427815\",1499644799999,\"2434.19055334\",308,\"1756.87402397\",\"28.46694368\",\"0\"]";

    private static final String AGG_TRADE = "{\"a\":26129,\"p\":\"0.01633102\",\"q\":\"4.70443515\",\"f\":27781,"
            + "\"l\":27783,\"T\":1498793709153,\"m\":true,\"M\":true}";

    private static RestResponse response(String body) {
        return new RestResponse(URI_TRADES, 200, HttpHeaders.of(Map.of(), (name, value) -> true),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBinancesDocumentedShapesExactly() {
        assertThat(RestRows.trades(response("[" + TRADE + "]"))).containsExactly(
                new RestTrade(28457, "4.00000100", "12.00000000", 1499865549590L, true, true));
        assertThat(RestRows.klines(response("[" + KLINE + "]"))).containsExactly(
                new RestKline(1499040000000L, "0.01634790", "0.80000000", "0.01575800", "0.01577100",
                        "148976.11427815", 1499644799999L, "2434.19055334", 308, "1756.87402397", "28.46694368"));
        assertThat(RestRows.trades(response("[]"))).isEmpty();
        assertThat(RestRows.aggTrades(response("[" + AGG_TRADE + "]"))).containsExactly(
                new RestAggTrade(26129, 27781, 27783, 1498793709153L));
    }

    @Test
    void shouldNameAMissingOrWronglyTypedAggregateTradeField() {
        assertUnreadable(RestRows::aggTrades, "[" + AGG_TRADE.replace(",\"l\":27783", "") + "]",
                "aggregate trade 0: field 'l' is missing, expected an integer");
        assertUnreadable(RestRows::aggTrades, "[" + AGG_TRADE.replace("1498793709153", "\"1498793709153\"") + "]",
                "aggregate trade 0: field 'T' is string \"1498793709153\", expected an integer");
        assertUnreadable(RestRows::aggTrades, "[" + AGG_TRADE.replace("27783", "27780") + "]",
                "aggregate trade 0 has trade ids 27781 to 27780");
        assertUnreadable(RestRows::aggTrades, "[1]", "aggregate trade 0 is not an object");
    }

    @Test
    void shouldNameAMissingOrWronglyTypedTradeField() {
        assertUnreadable(RestRows::trades, "[" + TRADE.replace(",\"isBestMatch\":true", "") + "]",
                "trade 0: field 'isBestMatch' is missing, expected a boolean");
        assertUnreadable(RestRows::trades, "[" + TRADE + "," + TRADE.replace("\"price\":\"4.00000100\"",
                "\"price\":4.000001") + "]", "trade 1: field 'price' is number 4.000001, expected a decimal string");
        assertUnreadable(RestRows::trades, "[" + TRADE.replace("28457", "\"28457\"") + "]",
                "trade 0: field 'id' is string \"28457\", expected an integer");
        assertUnreadable(RestRows::trades, "[" + TRADE.replace("\"isBuyerMaker\":true", "\"isBuyerMaker\":1") + "]",
                "trade 0: field 'isBuyerMaker' is number 1, expected a boolean");
        assertUnreadable(RestRows::trades, "[" + TRADE.replace("\"12.00000000\"", "\"1e3\"") + "]",
                "trade 0: field 'qty' is string \"1e3\", expected a decimal string");
    }

    @Test
    void shouldNameAMissingOrWronglyTypedKlineField() {
        assertUnreadable(RestRows::klines, "[" + KLINE.replace(",308,", ",\"308\",") + "]",
                "kline row 0: field 'tradeCount (index 8)' is string \"308\", expected an integer");
        assertUnreadable(RestRows::klines, "[[1499040000000,\"1.0\"]]",
                "kline row 0 is not an array of at least 11 values");
        assertUnreadable(RestRows::klines, "[" + KLINE.replace("\"0.01634790\"", "null") + "]",
                "kline row 0: field 'open (index 1)' is null, expected a decimal string");
    }

    @Test
    void shouldRejectBodiesThatAreNotAJsonArray() {
        assertUnreadable(RestRows::trades, "{\"code\":0}", "not a JSON array");
        assertUnreadable(RestRows::klines, "", "not a JSON array");
        assertThatThrownBy(() -> RestRows.trades(response("[" + TRADE)))
                .isInstanceOf(ExchangeUnavailableException.class)
                .hasMessageStartingWith("Unreadable response from GET " + URI_TRADES + ": not JSON (");
        for (String trailing : List.of("[" + TRADE + "] x", "[" + TRADE + "]]", "[" + TRADE + "][" + TRADE + "]")) {
            assertThatThrownBy(() -> RestRows.trades(response(trailing))).as(trailing)
                    .isInstanceOf(ExchangeUnavailableException.class)
                    .hasMessageStartingWith("Unreadable response from GET " + URI_TRADES + ": not JSON (");
        }
        assertThatThrownBy(() -> RestRows.klines(response("[" + KLINE + "] [" + KLINE + "]")))
                .isInstanceOf(ExchangeUnavailableException.class).hasMessageContaining(": not JSON (");
    }

    private static void assertUnreadable(java.util.function.Function<RestResponse, ?> reader, String body,
                                         String detail) {
        assertThatThrownBy(() -> reader.apply(response(body))).isInstanceOf(ExchangeUnavailableException.class)
                .hasMessage("Unreadable response from GET " + URI_TRADES + ": " + detail);
    }
}
