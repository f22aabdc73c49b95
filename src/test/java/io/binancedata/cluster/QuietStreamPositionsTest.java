package io.binancedata.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.limits.HostGate;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A quiet trade stream whose last Kafka record lies beyond what a take-over reads back continues before the exchange's
 * first trade at or after the time none of its trades was written since: asked of a real fake exchange over HTTP,
 * replaying the bundled 3,000 BTCUSDT trades (all of them traded: an unpaced exchange).
 */
class QuietStreamPositionsTest {
    private final TradeTape tape = TradeTape.bundledBtcusdt();
    private FakeExchange exchange;
    private MarketDataClient rest;

    @BeforeEach
    void start() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(tape));
        URI url = URI.create(exchange.restUrl());
        rest = new MarketDataClient(new RestHost(new RestTransport(HttpClient.newHttpClient(), Duration.ofSeconds(10)),
                url, new HostGate(url.getAuthority(), 6000, Clock.systemUTC()), Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    /** The position before the first trade of the tape at or after the time of trade {@code index}. */
    private String beforeTheFirstTradeAtTimeOf(int index) {
        long time = tape.trade(index).tradeTime();
        int first = index;
        while (first > 0 && tape.trade(first - 1).tradeTime() >= time) {
            first--;
        }
        return "trade " + (tape.trade(first).id() - 1);
    }

    @Test
    void shouldContinueAfterTheLatestTradeWhenItIsOlder() {
        TradeTapeEnd end = new TradeTapeEnd(tape);
        assertThat(QuietStreamPositions.before(rest, "BTCUSDT", end.time + 1)).contains("trade " + end.id);
        assertThat(exchange.stats().restRequests("/api/v3/trades")).isEqualTo(1);
        assertThat(exchange.stats().restRequests("/api/v3/historicalTrades")).isZero();
    }

    @Test
    void shouldWalkBackToTheFirstTradeSinceTheTime() {
        int last = tape.size() - 1;
        assertThat(QuietStreamPositions.before(rest, "BTCUSDT", tape.trade(last - 10).tradeTime()))
                .contains(beforeTheFirstTradeAtTimeOf(last - 10));
        assertThat(QuietStreamPositions.before(rest, "BTCUSDT", tape.trade(last - 2_500).tradeTime()))
                .as("three pages back").contains(beforeTheFirstTradeAtTimeOf(last - 2_500));
    }

    @Test
    void shouldLeaveAStreamThatTradedMoreThanItWalksBackWithoutAPosition() {
        assertThat(QuietStreamPositions.before(rest, "BTCUSDT", tape.trade(0).tradeTime() - 1)).isEmpty();
    }

    private record TradeTapeEnd(long id, long time) {
        TradeTapeEnd(TradeTape tape) {
            this(tape.trade(tape.size() - 1).id(), tape.trade(tape.size() - 1).tradeTime());
        }
    }
}
