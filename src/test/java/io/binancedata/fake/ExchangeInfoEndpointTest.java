package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeInfoEndpointTest {

    private static Map<String, String> statuses(JsonNode info) {
        Map<String, String> statuses = new HashMap<>();
        info.get("symbols").forEach(s -> statuses.put(s.get("symbol").asText(), s.get("status").asText()));
        return statuses;
    }

    @Test
    void shouldServeTheBundledExchangeInfoWithTradingBreakAndHaltSymbols() throws Exception {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults())) {
            long before = System.currentTimeMillis();
            HttpResponse<String> response = RestTestClient.get(exchange.restUrl() + "/api/v3/exchangeInfo");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-MBX-USED-WEIGHT-1M")).isPresent();
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
            JsonNode info = RestTestClient.json(response.body());
            List<String> keys = new ArrayList<>();
            info.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("timezone", "serverTime", "rateLimits", "exchangeFilters", "symbols");
            assertThat(info.get("serverTime").asLong()).isGreaterThanOrEqualTo(before);
            Map<String, String> statuses = statuses(info);
            assertThat(statuses).hasSize(16)
                    .containsEntry("BTCUSDT", "TRADING").containsEntry("ETHUSDT", "TRADING")
                    .containsEntry("币安人生USDT", "TRADING").containsEntry("LUNAUSDT", "HALT")
                    .containsEntry("BCCBTC", "BREAK");
            assertThat(statuses.values()).filteredOn("BREAK"::equals).hasSize(5);
            JsonNode btc = info.get("symbols").get(0);
            assertThat(btc.get("baseAsset").asText()).isEqualTo("BTC");
            assertThat(btc.get("quoteAsset").asText()).isEqualTo("USDT");
        }
    }

    @Test
    void shouldFilterBySymbolAndRejectUnknownSymbolsLikeBinance() throws Exception {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults())) {
            String base = exchange.restUrl() + "/api/v3/exchangeInfo";

            JsonNode one = RestTestClient.getJson(base + "?symbol="
                    + URLEncoder.encode("币安人生USDT", StandardCharsets.UTF_8));
            HttpResponse<String> unknown = RestTestClient.get(base + "?symbol=NOPEUSDT");
            JsonNode two = RestTestClient.getJson(base + "?symbols="
                    + URLEncoder.encode("[\"BTCUSDT\",\"BCCBTC\"]", StandardCharsets.UTF_8));
            JsonNode halted = RestTestClient.getJson(base + "?symbolStatus=HALT");
            HttpResponse<String> notFound = RestTestClient.get(exchange.restUrl() + "/api/v3/nothing");

            assertThat(statuses(one)).containsOnlyKeys("币安人生USDT");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            assertThat(statuses(two)).containsOnlyKeys("BTCUSDT", "BCCBTC");
            assertThat(statuses(halted)).containsOnlyKeys("LUNAUSDT");
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(RestTestClient.json(notFound.body()).get("code").asInt()).isEqualTo(-1);
        }
    }

    @Test
    void shouldServeTheFullRecordedExchangeInfo() throws Exception {
        FakeExchangeOptions options = FakeExchangeOptions.defaults().tape(TradeTape.bundled().get(0))
                .exchangeInfoFile(TestData.real("cryptofeed/BINANCE.0.gz"));
        try (FakeExchange exchange = FakeExchange.start(options)) {
            JsonNode info = RestTestClient.getJson(exchange.restUrl() + "/api/v3/exchangeInfo");

            Map<String, String> statuses = statuses(info);
            assertThat(statuses).hasSize(1695);
            assertThat(statuses.values()).filteredOn("TRADING"::equals).hasSize(1262);
            assertThat(statuses.values()).filteredOn("BREAK"::equals).hasSize(433);
            assertThat(info.get("rateLimits").get(0).get("limit").asInt()).isEqualTo(1200);
        }
    }

    @Test
    void shouldListATapeSymbolMissingFromExchangeInfoAsTrading() throws Exception {
        TradeTape tape = TradeTape.ofFrames("TESTUSDT", List.of(TestData.trade("TESTUSDT", 1, "1.0", "1.0", 1, true)));
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().tape(tape))) {
            JsonNode info = RestTestClient.getJson(exchange.restUrl() + "/api/v3/exchangeInfo?symbol=TESTUSDT");

            JsonNode entry = info.get("symbols").get(0);
            assertThat(entry.get("status").asText()).isEqualTo("TRADING");
            assertThat(entry.get("baseAsset").asText()).isEqualTo("TEST");
            assertThat(entry.get("quoteAsset").asText()).isEqualTo("USDT");
        }
    }
}
