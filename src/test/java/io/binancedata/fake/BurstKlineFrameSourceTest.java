package io.binancedata.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.sbe.KlineInterval;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/**
 * The kline streams of a synthetic market that plays the tape ten times slower than it was recorded: the open candle
 * is sent every 2 s of the market's clock (the burst's plan) while its symbol trades, as on Binance, not every 2 s of
 * the tape's, while every final candle stays exactly the aggregate of its trades. Frames are taken straight from the source with their
 * due times: no waiting.
 */
class BurstKlineFrameSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRepeatTheOpenOneMinuteCandleEveryTwoSecondsOfTheMarketsClockAndCloseEveryCandleExactly()
            throws Exception {
        assertCadence("kline_1m", KlineInterval.MINUTE_1, 2_000, 2_000);
    }

    @Test
    void shouldRepeatTheOpenOneSecondCandleEverySecondOfTheMarketsClockAndCloseEveryCandleExactly() throws Exception {
        assertCadence("kline_1s", KlineInterval.SECOND_1, 600, 1_000);
    }

    private static void assertCadence(String kind, KlineInterval interval, int trades, long period) throws Exception {
        SyntheticMarket market = SyntheticMarket.of(2, trades, 4); // 2 trades/s per symbol; the tape has ~19
        Burst burst = Burst.releasedNow(market, Duration.ofSeconds(1), new SystemEpochNanoClock(), false);
        FrameSource source = burst.source(StreamName.parse("s0002usdt@" + kind).orElseThrow()).orElseThrow();
        List<Frame> frames = new ArrayList<>();
        for (Frame frame = source.peek(); frame != null; frame = source.peek()) {
            frames.add(frame);
            source.advance();
        }

        List<TapeTrade> traded = new ArrayList<>();
        for (int k = 0; k < trades; k++) {
            traded.add(SyntheticMarket.trade(k));
        }
        List<String> expectedFinals = new ArrayList<>();
        List<Kline> candles = KlineAggregator.aggregate(traded, interval);
        for (Kline candle : candles.subList(0, candles.size() - 1)) {
            expectedFinals.add(candle.eventJson("\"S0002USDT\"", candle.closeTime() + 2, true));
        }
        assertThat(candles).as("the run spans several candles").hasSizeGreaterThanOrEqualTo(2);
        assertThat(frames.stream().filter(f -> f.text().contains("\"x\":true")).map(Frame::text).toList())
                .as("every closed candle, exact").containsExactlyElementsOf(expectedFinals);

        long planEnd = burst.plan().dueMillis(1, trades - 1);
        assertThat(planEnd).as("half a second per trade of the symbol").isEqualTo(trades * 500L - 250);
        long previousDue = burst.plan().dueMillis(1, 0); // the symbol's first trade
        long previousEvent = Long.MIN_VALUE;
        long previousOpen = Long.MIN_VALUE;
        for (Frame frame : frames) {
            JsonNode event = JSON.readTree(frame.text());
            long open = event.get("k").get("t").asLong();
            long eventTime = event.get("E").asLong();
            assertThat(frame.time() - previousDue).as("silence before %s", frame.text()).isBetween(0L, period);
            if (open == previousOpen) {
                assertThat(eventTime).as("event times rise within a candle").isGreaterThan(previousEvent);
            }
            assertThat(eventTime).isLessThanOrEqualTo(event.get("k").get("T").asLong() + 2);
            previousDue = frame.time();
            previousEvent = eventTime;
            previousOpen = open;
        }
        assertThat(previousDue).as("the last update with the last trade").isEqualTo(planEnd);
        JsonNode last = JSON.readTree(frames.get(frames.size() - 1).text()).get("k");
        assertThat(last.get("L").asLong()).isEqualTo(SyntheticMarket.firstTradeId() + trades - 1);
        assertThat(last.get("x").asBoolean()).isFalse();
    }
}
