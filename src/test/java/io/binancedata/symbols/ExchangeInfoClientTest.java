package io.binancedata.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;

/** {@link ExchangeInfoClient#parse}: what an exchangeInfo body lists, and what of it is left out. */
class ExchangeInfoClientTest {

    @Test
    void shouldLeaveOutEntriesOfABadShapeAndReadEveryOtherOne() throws IOException {
        String body = """
                {"timezone":"UTC","symbols":[
                  {"symbol":"AAAUSDT","status":"TRADING","quoteAsset":"USDT"},
                  {"symbol":{"x":{"symbol":"NESTED","status":"TRADING"}},"status":"TRADING"},
                  {"symbol":"CCCUSDT","status":["TRADING"]},
                  "DDDUSDT",
                  null,
                  [{"symbol":"EEEUSDT","status":"TRADING"}],
                  {"symbol":"FFFUSDT"},
                  {"symbol":"BTCUSDT","status":"TRADING","quoteAsset":{"asset":"USDT"},"filters":[{"a":1}]},
                  {"symbol":"ETHBTC","status":"BREAK","quoteAsset":"BTC"}
                ],"after":{"symbols":[]}}""";

        try (LogCapture log = new LogCapture(ExchangeInfoClient.class)) {
            Map<String, SymbolListing> listings = parse(body);

            assertThat(listings).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "AAAUSDT", new SymbolListing("TRADING", "USDT"),
                    "BTCUSDT", new SymbolListing("TRADING", null),
                    "ETHBTC", new SymbolListing("BREAK", "BTC")));
            assertThat(log.events()).containsExactly("WARN exchangeInfo lists 6 entries of a bad shape (the first: "
                    + "symbols[1]; each needs \"symbol\" and \"status\" strings), left out");
        }
    }

    @Test
    void shouldRefuseABodyThatListsNoSymbolOrIsCut() {
        assertThatThrownBy(() -> parse("{\"symbols\":[\"BTCUSDT\"]}")).hasMessage("no symbols listed");
        assertThatThrownBy(() -> parse("[]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> parse("{\"symbols\":[{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\"}"))
                .isInstanceOf(IOException.class);
    }

    private static Map<String, SymbolListing> parse(String body) throws IOException {
        return ExchangeInfoClient.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
