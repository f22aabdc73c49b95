package io.binancedata.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TapeTrade;
import io.binancedata.fake.TradeTape;
import io.binancedata.limits.HostGate;
import io.binancedata.rest.Backfill;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestGapFiller;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import io.binancedata.sequence.SequenceCheckpoints;
import io.binancedata.sequence.SequenceFields;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet stream whose last Kafka record lies beyond what a take-over reads back continues before the exchange's first
 * event at or after the time none of its events was written since: asked of a real fake exchange over HTTP, replaying
 * the bundled 3,000 BTCUSDT trades (all of them traded: an unpaced exchange).
 */
class QuietStreamPositionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** Id of the tape's last trade before {@code time}, by a walk over the whole tape. */
    private long lastIdBefore(long time) {
        long last = tape.trade(0).id() - 1;
        for (int i = 0; i < tape.size(); i++) {
            if (tape.trade(i).tradeTime() < time) {
                last = Math.max(last, tape.trade(i).id());
            }
        }
        return last;
    }

    @Test
    void shouldContinueATradeStreamAfterTheLatestTradeWhenItIsOlder() {
        TapeTrade last = tape.trade(tape.size() - 1);
        assertThat(QuietStreamPositions.tradeBefore(rest, "BTCUSDT", last.tradeTime() + 1))
                .contains("trade " + last.id());
        assertThat(exchange.stats().restRequests("/api/v3/aggTrades")).as("from the time, then the latest")
                .isEqualTo(2);
    }

    @Test
    void shouldContinueATradeStreamBeforeTheFirstTradeSinceTheTimeHoweverFarBack() {
        for (int index : new int[] {tape.size() - 10, tape.size() - 2_500, 1}) {
            long time = tape.trade(index).tradeTime();
            assertThat(QuietStreamPositions.tradeBefore(rest, "BTCUSDT", time)).as("trade %d", index)
                    .contains("trade " + lastIdBefore(time));
        }
        assertThat(exchange.stats().restRequests("/api/v3/aggTrades")).as("one call each").isEqualTo(3);
        assertThat(QuietStreamPositions.tradeBefore(rest, "BTCUSDT", tape.trade(0).tradeTime() - 1))
                .as("before the exchange's first trade").contains("trade " + (tape.trade(0).id() - 1));
    }

    @Test
    void shouldContinueAKlineStreamAfterTheCandleBeforeTheTimeAndFillFromThereWithExactTradeIds(@TempDir Path dir) {
        long since = tape.trade(tape.size() / 2).tradeTime() + 1;
        long open = since / 1000 * 1000;
        long lastBefore = lastIdBefore(open);
        String position = "kline " + (open - 1000) + " " + open + " " + (open - 1) + " true " + (lastBefore + 1);
        assertThat(QuietStreamPositions.klineBefore(rest, "BTCUSDT", "1s", since)).contains(position);

        // a guard seeded with it, shown a live update three candles later, fills the three from the one holding the time
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("kline-btcusdt-1s", position);
        SequenceGuard guard = new SequenceGuard(new StreamStatus(StreamKey.kline("BTCUSDT", "1s")),
                new RestGapFiller(new Backfill(rest), System::currentTimeMillis, 100_000), null, null, checkpoints,
                Duration.ofHours(1));
        long live = open + 3000;
        List<String> filled = new ArrayList<>();
        assertThat(guard.admit(new SequenceFields().kline(live, live + 500, live + 999, false, -1, -1), 0,
                (frame, backfilled, receiveTime) -> filled.add(frame.toString()))).isEqualTo(SequenceGuard.Admission.DELIVER);

        List<String> expected = new ArrayList<>();
        for (long bucket = open; bucket < live; bucket += 1000) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < tape.size(); i++) {
                TapeTrade trade = tape.trade(i);
                if (trade.tradeTime() >= bucket && trade.tradeTime() < bucket + 1000) {
                    first = Math.min(first, trade.id());
                    last = Math.max(last, trade.id());
                }
            }
            if (first != Long.MAX_VALUE) {
                expected.add(bucket + " " + first + " " + last + " true");
            }
        }
        assertThat(expected).as("the tape trades in these candles").isNotEmpty();
        assertThat(filled.stream().map(QuietStreamPositionsTest::candle).toList()).containsExactlyElementsOf(expected);
    }

    private static String candle(String frame) {
        try {
            JsonNode k = JSON.readTree(frame).get("k");
            return k.get("t").asLong() + " " + k.get("f").asLong() + " " + k.get("L").asLong() + " "
                    + k.get("x").asBoolean();
        } catch (Exception e) {
            throw new AssertionError(frame, e);
        }
    }
}
