package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.support.ManualClock;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** REST fault injection, weight accounting and the market-clock horizon of the REST endpoints. */
class RestFaultsTest {
    private static final String TRADES = "/api/v3/historicalTrades?symbol=TESTUSDT&limit=1000&fromId=1000";
    private static final String KLINES = "/api/v3/klines?symbol=TESTUSDT&interval=1m";
    private static final long T0 = 1_700_000_000_000L;

    private static TradeTape tape() {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(TestData.trade("TESTUSDT", 1_000 + i, "10.00000000", "1.00000000", T0 + i, i % 2 == 0));
        }
        // ten hours later: never reached at real pace during a test
        frames.add(TestData.trade("TESTUSDT", 1_003, "11.00000000", "1.00000000", T0 + 36_000_000L, false));
        return TradeTape.ofFrames("TESTUSDT", frames);
    }

    private static FakeExchange start(FakeExchangeOptions options) {
        return FakeExchange.start(options.loop(false).tape(tape()));
    }

    @Test
    void shouldRejectTheNextRestCallsWith429AndRetryAfterThenAnswerAgain() throws Exception {
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().maxSpeed())) {
            exchange.faults().rejectRest(2, 429, Duration.ofSeconds(1));

            HttpResponse<String> first = RestTestClient.get(exchange.restUrl() + TRADES);
            HttpResponse<String> second = RestTestClient.get(exchange.restUrl() + KLINES);
            HttpResponse<String> third = RestTestClient.get(exchange.restUrl() + TRADES);

            for (HttpResponse<String> rejected : List.of(first, second)) {
                assertThat(rejected.statusCode()).isEqualTo(429);
                assertThat(rejected.headers().firstValue("Retry-After")).contains("1");
                assertThat(rejected.body()).isEqualTo("{\"code\":-1003,\"msg\":\"Too many requests; current limit of"
                        + " IP(127.0.0.1) request weight per 1 minute is 6000. Please use WebSocket Streams for live"
                        + " updates to avoid polling the API.\"}");
            }
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(RestTestClient.json(third.body())).hasSize(4);
            assertThat(exchange.stats().restRequests()).isEqualTo(3);
            assertThat(exchange.stats().restRejected()).isEqualTo(2);
        }
    }

    @Test
    void shouldRejectOnlyTheCallsToTheGivenPathWith503() throws Exception {
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().maxSpeed())) {
            exchange.faults().rejectRest("/api/v3/historicalTrades", 2, 503, null);

            HttpResponse<String> klines = RestTestClient.get(exchange.restUrl() + KLINES);
            HttpResponse<String> first = RestTestClient.get(exchange.restUrl() + TRADES);
            HttpResponse<String> info = RestTestClient.get(exchange.restUrl() + "/api/v3/exchangeInfo");
            HttpResponse<String> second = RestTestClient.get(exchange.restUrl() + TRADES);
            HttpResponse<String> third = RestTestClient.get(exchange.restUrl() + TRADES);

            assertThat(klines.statusCode()).isEqualTo(200);
            assertThat(info.statusCode()).isEqualTo(200);
            for (HttpResponse<String> rejected : List.of(first, second)) {
                assertThat(rejected.statusCode()).isEqualTo(503);
                assertThat(rejected.headers().firstValue("Retry-After")).isEmpty();
                assertThat(rejected.body()).isEqualTo("{\"code\":-1001,\"msg\":\"Internal error; unable to process your"
                        + " request. Please try again.\"}");
            }
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(RestTestClient.json(third.body())).hasSize(4);
            assertThat(exchange.stats().restRequests("/api/v3/historicalTrades")).isEqualTo(3);
            assertThat(exchange.stats().restRejected()).isEqualTo(2);
        }
    }

    @Test
    void shouldHoldBackOnlyTheAnswersToTheGivenPath() throws Exception {
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().maxSpeed())) {
            exchange.faults().delayRest("/api/v3/historicalTrades", 1, Duration.ofSeconds(30));

            HttpResponse<String> klines = RestTestClient.get(exchange.restUrl() + KLINES);
            assertThatThrownBy(() -> RestTestClient.get(exchange.restUrl() + TRADES, Duration.ofMillis(300)))
                    .as("no answer within the client's timeout").isInstanceOf(HttpTimeoutException.class);
            HttpResponse<String> next = RestTestClient.get(exchange.restUrl() + TRADES);

            assertThat(klines.statusCode()).isEqualTo(200);
            assertThat(next.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerA418BanWithoutRetryAfterWhenNoneIsGiven() throws Exception {
        ManualClock wall = new ManualClock(Instant.parse("2024-08-08T23:54:15Z"));
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().maxSpeed().wallClock(wall))) {
            exchange.faults().rejectRest(1, 418, null);

            HttpResponse<String> banned = RestTestClient.get(exchange.restUrl() + TRADES);

            assertThat(banned.statusCode()).isEqualTo(418);
            assertThat(banned.headers().firstValue("Retry-After")).isEmpty();
            assertThat(banned.body()).isEqualTo("{\"code\":-1003,\"msg\":\"Way too many requests; IP(127.0.0.1) banned"
                    + " until 1723161255000. Please use WebSocket Streams for live updates to avoid bans.\"}");
        }
    }

    @Test
    void shouldCountUsedWeightPerMinuteOfTheWallClockRejectedCallsAddingNothing() throws Exception {
        ManualClock wall = new ManualClock(Instant.parse("2024-08-08T23:54:59.500Z"));
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().maxSpeed().wallClock(wall))) {
            List<String> used = new ArrayList<>();
            used.add(weight(RestTestClient.get(exchange.restUrl() + "/api/v3/exchangeInfo")));
            used.add(weight(RestTestClient.get(exchange.restUrl() + TRADES)));
            used.add(weight(RestTestClient.get(exchange.restUrl() + KLINES)));
            exchange.faults().rejectRest(1, 429, Duration.ofSeconds(1));
            used.add(weight(RestTestClient.get(exchange.restUrl() + TRADES)));
            wall.advance(Duration.ofMillis(500));
            used.add(weight(RestTestClient.get(exchange.restUrl() + KLINES)));

            assertThat(used).containsExactly("20", "45", "47", "47", "2");
        }
    }

    @Test
    void shouldHoldTheNextAnswersBackWhenAskedTo() throws Exception {
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().maxSpeed())) {
            exchange.faults().delayRest(1, Duration.ofMillis(300));

            long start = System.nanoTime();
            HttpResponse<String> delayed = RestTestClient.get(exchange.restUrl() + TRADES);
            long took = System.nanoTime() - start;

            assertThat(delayed.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(RestTestClient.get(exchange.restUrl() + TRADES).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServeOnlyTradesThatHaveHappenedOnTheGlobalClock() throws Exception {
        try (FakeExchange exchange = start(FakeExchangeOptions.defaults().speed(1.0)
                .replayMode(ReplayMode.GLOBAL_CLOCK))) {
            JsonNode trades = RestTestClient.getJson(exchange.restUrl() + TRADES);
            JsonNode later = RestTestClient.getJson(exchange.restUrl()
                    + "/api/v3/historicalTrades?symbol=TESTUSDT&fromId=1003");
            JsonNode klines = RestTestClient.getJson(exchange.restUrl() + KLINES);

            assertThat(trades).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(trades.get(i).get("id").asLong()).isEqualTo(1_000 + i);
            }
            assertThat(later).isEmpty();
            assertThat(klines).hasSize(1);
            assertThat(klines.get(0).get(8).asLong()).as("trade count of the open candle").isEqualTo(3);
        }
    }

    private static String weight(HttpResponse<String> response) {
        return response.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElse("none");
    }
}
