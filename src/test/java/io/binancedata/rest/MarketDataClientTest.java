package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.RateLimitedException;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TapeTrade;
import io.binancedata.fake.TradeTape;
import io.binancedata.symbols.ExchangeInfoClient;
import io.binancedata.symbols.SymbolListing;
import org.junit.jupiter.api.Test;

/** The REST client against the fake exchange over real HTTP: results, limits, errors. */
class MarketDataClientTest {
    private static final long SECOND = 1_000_000_000L;

    private static FakeExchangeOptions btcusdt() {
        return FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Tapes.btcusdt());
    }

    @Test
    void shouldReadHistoricalTradesWithTheExactStringsBinanceSent() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            List<RestTrade> trades = rest.client.historicalTrades("btcusdt", Tapes.BTC_FIRST_ID, 3);

            assertThat(trades).containsExactly(
                    new RestTrade(3_735_683_259L, "61837.63000000", "0.02000000", 1_723_161_255_342L, true, true),
                    expected(Tapes.btcusdt().trade(1)), expected(Tapes.btcusdt().trade(2)));
            assertThat(rest.gate.usedWeight()).as("from X-MBX-USED-WEIGHT-1M").isEqualTo(25);
        }
    }

    @Test
    void shouldReadKlineRows() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            long open = 1_723_161_300_000L;  // 2024-08-08T23:55:00Z
            List<RestKline> klines = rest.client.klines("BTCUSDT", "1m", open, open + 59_999, 1000);

            assertThat(klines).hasSize(1);
            RestKline kline = klines.get(0);
            assertThat(kline.openTime()).isEqualTo(open);
            assertThat(kline.closeTime()).isEqualTo(open + 59_999);
            assertThat(kline.open()).matches("\\d+\\.\\d{8}");
            assertThat(rest.gate.usedWeight()).isEqualTo(2);
        }
    }

    @Test
    void shouldFindTheFirstTradeAtOrAfterATimeAndTheLatestOverAggTrades() {
        TradeTape tape = Tapes.btcusdt();
        try (RestFixture rest = new RestFixture(btcusdt())) {
            TapeTrade tenth = tape.trade(10);
            RestAggTrade first = rest.client.firstAggTradeFrom("btcusdt", tenth.tradeTime()).orElseThrow();
            int expected = 10;
            while (tape.trade(expected - 1).tradeTime() >= tenth.tradeTime()) {
                expected--;
            }
            assertThat(first).as("the fake's aggregates are single trades").isEqualTo(new RestAggTrade(
                    tape.trade(expected).id(), tape.trade(expected).id(), tape.trade(expected).id(),
                    tape.trade(expected).tradeTime()));
            TapeTrade last = tape.trade(tape.size() - 1);
            assertThat(rest.client.latestAggTrade("BTCUSDT")).contains(new RestAggTrade(last.id(), last.id(),
                    last.id(), last.tradeTime()));
            assertThat(rest.client.firstAggTradeFrom("BTCUSDT", last.tradeTime() + 1)).isEmpty();
            assertThat(rest.gate.usedWeight()).isEqualTo(3 * MarketDataClient.AGG_TRADES_WEIGHT);
        }
    }

    @Test
    void shouldSendNonAsciiSymbolsUrlEncoded() {
        try (RestFixture rest = new RestFixture(FakeExchangeOptions.defaults().maxSpeed().loop(false))) {
            TradeTape tape = TradeTape.bundled().get(2);
            assertThat(tape.symbol()).isEqualTo(TradeTape.NON_ASCII_SYMBOL);

            List<RestTrade> trades = rest.client.historicalTrades(TradeTape.NON_ASCII_SYMBOL, tape.trade(0).id(), 5);

            assertThat(trades).containsExactly(expected(tape.trade(0)), expected(tape.trade(1)),
                    expected(tape.trade(2)), expected(tape.trade(3)), expected(tape.trade(4)));
        }
    }

    @Test
    void shouldWaitOutA429RetryAfterAndThenSucceed() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            rest.exchange.faults().rejectRest(1, 429, Duration.ofSeconds(1));

            List<RestTrade> trades = rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 10);

            assertThat(trades).hasSize(10);
            assertThat(rest.sleeps).containsExactly(SECOND);
            assertThat(rest.exchange.stats().restRequests()).isEqualTo(2);
            assertThat(rest.exchange.stats().restRejected()).isEqualTo(1);
            assertThat(rest.gate.blockedUntil()).isEmpty();
        }
    }

    @Test
    void shouldFailAtOnceOnA418BanLongerThanTheWaitAndSendNothingUntilItEnds() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            rest.exchange.faults().rejectRest(1, 418, Duration.ofSeconds(3600));

            assertThatThrownBy(() -> rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 10))
                    .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                        assertThat(e.host()).isEqualTo(rest.authority());
                        assertThat(e.until()).isEqualTo(RestFixture.START.plusSeconds(3600));
                    })
                    .isInstanceOf(ExchangeUnavailableException.class)
                    .hasMessageStartingWith("REST host " + rest.authority() + " rate-limited until 2024-08-09T01:10:00Z:"
                            + " GET " + rest.exchange.restUrl() + "/api/v3/historicalTrades?symbol=BTCUSDT&fromId="
                            + Tapes.BTC_FIRST_ID + "&limit=10 not sent: the host answered 429/418 with Retry-After");
            assertThatThrownBy(() -> rest.client.klines("BTCUSDT", "1m", 0, 1, 1))
                    .isInstanceOf(RateLimitedException.class);

            assertThat(rest.sleeps).isEmpty();
            assertThat(rest.exchange.stats().restRequests()).as("nothing sent while banned").isEqualTo(1);
        }
    }

    @Test
    void shouldWaitForTheNextMinuteWhenTheWeightBudgetIsUsedUp() {
        try (RestFixture rest = new RestFixture(btcusdt(), 50, Duration.ofSeconds(5), Duration.ofMinutes(2))) {
            rest.clock.advance(Duration.ofSeconds(15));
            rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1);
            rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1);

            List<RestTrade> third = rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1);

            assertThat(third).hasSize(1);
            assertThat(rest.sleeps).containsExactly(45 * SECOND);
            assertThat(rest.gate.usedWeight()).as("the exchange's count in the new minute").isEqualTo(25);
        }
    }

    @Test
    void shouldFailWhenTheBudgetWaitIsLongerThanAllowed() {
        try (RestFixture rest = new RestFixture(btcusdt(), 50, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1);
            rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1);

            assertThatThrownBy(() -> rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1))
                    .isInstanceOfSatisfying(RateLimitedException.class,
                            e -> assertThat(e.until()).isEqualTo(RestFixture.START.plusSeconds(60)))
                    .hasMessageEndingWith("not sent: the budget of 50 weight per minute is used up, longer than the"
                            + " 30000 ms allowed to wait");
            assertThat(rest.exchange.stats().restRequests()).isEqualTo(2);
        }
    }

    @Test
    void shouldShareOneGateWithTheExchangeInfoClient() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            ExchangeInfoClient exchangeInfo = new ExchangeInfoClient(rest.host);
            assertThat(exchangeInfo.fetchListings()).containsEntry("BTCUSDT", new SymbolListing("TRADING", "USDT"));
            rest.exchange.faults().rejectRest(1, 418, Duration.ofSeconds(600));

            assertThatThrownBy(exchangeInfo::fetchListings).isInstanceOf(RateLimitedException.class);
            assertThatThrownBy(() -> rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1))
                    .isInstanceOf(RateLimitedException.class);

            assertThat(rest.exchange.stats().restRequests()).isEqualTo(2);
            rest.clock.advance(Duration.ofSeconds(600));
            assertThat(rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 1)).hasSize(1);
            assertThat(rest.gate.usedWeight()).as("the exchange's count, ten minutes on").isEqualTo(25);
        }
    }

    @Test
    void shouldReportAnUnknownSymbolAsInvalid() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            assertThatThrownBy(() -> rest.client.historicalTrades("nopeusdt", 1, 10))
                    .isInstanceOfSatisfying(InvalidSymbolException.class,
                            e -> assertThat(e.symbols()).containsExactly("NOPEUSDT"))
                    .hasMessage("Invalid symbol(s) NOPEUSDT: GET " + rest.exchange.restUrl()
                            + "/api/v3/historicalTrades?symbol=NOPEUSDT&fromId=1&limit=10 answered HTTP 400"
                            + " {\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            assertThatThrownBy(() -> rest.client.klines("NOPEUSDT", "1m", 0, 1, 10))
                    .isInstanceOf(InvalidSymbolException.class);
        }
    }

    @Test
    void shouldReportOtherErrorStatusesWithBinancesCodeAndMessage() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            rest.exchange.faults().rejectRest(1, 503, null);

            assertThatThrownBy(() -> rest.client.klines("BTCUSDT", "1m", 0, 1, 10))
                    .isInstanceOfSatisfying(RestAnswerException.class, e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessage("GET " + rest.exchange.restUrl() + "/api/v3/klines?symbol=BTCUSDT&interval=1m"
                            + "&startTime=0&endTime=1&limit=10 answered HTTP 503 (Binance code -1001: Internal error;"
                            + " unable to process your request. Please try again.)");
        }
    }

    @Test
    void shouldTimeOutOnTheWholeResponse() {
        try (RestFixture rest = new RestFixture(btcusdt(), 3000, Duration.ofMillis(300), Duration.ofMinutes(2))) {
            rest.exchange.faults().delayRest(1, Duration.ofSeconds(5));

            assertThatThrownBy(() -> rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 10))
                    .isExactlyInstanceOf(ExchangeUnavailableException.class)
                    .hasMessage("GET " + rest.exchange.restUrl() + "/api/v3/historicalTrades?symbol=BTCUSDT&fromId="
                            + Tapes.BTC_FIRST_ID + "&limit=10 timed out after 300 ms");
            assertThat(rest.client.historicalTrades("BTCUSDT", Tapes.BTC_FIRST_ID, 10)).hasSize(10);
        }
    }

    @Test
    void shouldRejectCallerMistakesWithoutCallingTheExchange() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            assertThatThrownBy(() -> rest.client.klines("BTCUSDT", "1H", 0, 1, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown kline interval '1H'");
            assertThatThrownBy(() -> rest.client.historicalTrades("BTCUSDT", 1, 1001))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be 1..1000: 1001");
            assertThatThrownBy(() -> rest.client.historicalTrades(" ", 1, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("no symbol given");
            assertThat(rest.exchange.stats().restRequests()).isZero();
        }
    }

    static RestTrade expected(TapeTrade trade) {
        return new RestTrade(trade.id(), trade.price(), trade.qty(), trade.tradeTime(), trade.buyerMaker(),
                trade.bestMatch());
    }
}
