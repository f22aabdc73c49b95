package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.Kline;
import io.binancedata.fake.KlineAggregator;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.fake.TapeTrade;
import io.binancedata.fake.TradeTape;
import io.binancedata.support.Fixtures;
import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;

/** Paging backfills against the fake exchange replaying the 19,904-trade BTCUSDT recording. */
class BackfillTest {
    private static final long LAST_ID = Fixtures.BTCUSDT_FIRST_ID + Fixtures.BTCUSDT_TRADES - 1;
    private static final long MINUTE = 60_000;

    private static FakeExchangeOptions btcusdt() {
        return FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Tapes.btcusdt());
    }

    private static List<TapeTrade> recordedTrades() {
        TradeTape tape = Tapes.btcusdt();
        List<TapeTrade> trades = new ArrayList<>();
        for (int i = 0; i < tape.size(); i++) {
            trades.add(tape.trade(i));
        }
        return trades;
    }

    private static long lastTradeTime() {
        return Tapes.btcusdt().trade(Fixtures.BTCUSDT_TRADES - 1).tradeTime();
    }

    /** The fake exchange's own aggregation of the recording: the candles Binance would report. */
    private static List<Kline> aggregated(KlineInterval interval) {
        return KlineAggregator.aggregate(recordedTrades(), interval);
    }

    static RestKline rest(Kline k) {
        return new RestKline(k.openTime(), Kline.format(k.open()), Kline.format(k.high()), Kline.format(k.low()),
                Kline.format(k.close()), Kline.format(k.volume()), k.closeTime(), Kline.format(k.quoteVolume()),
                k.tradeCount(), Kline.format(k.takerBuyVolume()), Kline.format(k.takerBuyQuoteVolume()));
    }

    @Test
    void shouldPage2500RecordedTradesInIdOrderWithTheirExactStrings() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            long fromId = Fixtures.BTCUSDT_FIRST_ID + 5_000;

            List<RestTrade> trades = new Backfill(rest.client).trades("BTCUSDT", fromId, fromId + 2_499);

            assertThat(trades).hasSize(2_500);
            TradeTape tape = Tapes.btcusdt();
            for (int i = 0; i < trades.size(); i++) {
                assertThat(trades.get(i)).isEqualTo(MarketDataClientTest.expected(tape.trade(5_000 + i)));
            }
            assertThat(rest.exchange.stats().restRequests()).as("pages of 1000, 1000, 500").isEqualTo(3);
            assertThat(rest.gate.usedWeight()).isEqualTo(75);
            assertThat(rest.sleeps).isEmpty();
        }
    }

    @Test
    void shouldTurnBackfilledTradesIntoTheRecordedFramesWithTheTradeTimeAsPlaceholderEventTime() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            long fromId = Fixtures.BTCUSDT_FIRST_ID + 5_000;
            List<String> frames = BackfillFrames.trades("BTCUSDT",
                    new Backfill(rest.client).trades("BTCUSDT", fromId, fromId + 2_499));

            List<String> expected = new ArrayList<>();
            for (int i = 5_000; i < 7_500; i++) {
                TapeTrade trade = Tapes.btcusdt().trade(i);
                expected.add(Tapes.btcusdt().frame(i).replaceFirst("\"E\":\\d+,", "\"E\":" + trade.tradeTime() + ","));
            }
            assertThat(frames).isEqualTo(expected);
            assertThat(frames.get(0)).isNotEqualTo(Tapes.btcusdt().frame(5_000));
        }
    }

    @Test
    void shouldStopAtTheLastIdWantedAndAskForNoMore() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            List<RestTrade> trades = new Backfill(rest.client, 4).trades("BTCUSDT", LAST_ID - 9, LAST_ID);

            assertThat(trades).extracting(RestTrade::id).containsExactly(LAST_ID - 9, LAST_ID - 8, LAST_ID - 7,
                    LAST_ID - 6, LAST_ID - 5, LAST_ID - 4, LAST_ID - 3, LAST_ID - 2, LAST_ID - 1, LAST_ID);
            assertThat(rest.exchange.stats().restRequests()).as("pages of 4, 4, 2").isEqualTo(3);
        }
    }

    @Test
    void shouldFailClearlyWhenTheExchangeHasNoTradesForTheRestOfTheRange() {
        try (RestFixture rest = new RestFixture(btcusdt())) {
            assertThatThrownBy(() -> new Backfill(rest.client).trades("BTCUSDT", LAST_ID - 4, LAST_ID + 5))
                    .isInstanceOf(BackfillException.class)
                    .hasMessage("No trades of BTCUSDT from id " + (LAST_ID + 1) + " on (wanted up to " + (LAST_ID + 5)
                            + "): the exchange returned none");
        }
    }

    @Test
    void shouldFailClearlyOnAHoleInTheIds() {
        List<String> frames = new ArrayList<>();
        for (long id : new long[] {1_000, 1_001, 1_003, 1_004}) {
            frames.add("{\"e\":\"trade\",\"E\":" + (1_700_000_000_000L + id) + ",\"s\":\"TESTUSDT\",\"t\":" + id
                    + ",\"p\":\"1.00000000\",\"q\":\"2.00000000\",\"T\":" + (1_700_000_000_000L + id)
                    + ",\"m\":true,\"M\":true}");
        }
        FakeExchangeOptions options = FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("TESTUSDT", frames));
        try (RestFixture rest = new RestFixture(options)) {
            assertThatThrownBy(() -> new Backfill(rest.client).trades("TESTUSDT", 1_000, 1_004))
                    .isInstanceOf(BackfillException.class)
                    .hasMessage("Hole in the trades of TESTUSDT: expected id 1002, the exchange returned 1003"
                            + " (page from 1000)");
        }
    }

    @Test
    void shouldBackfillExactlyTheClosedOneMinuteCandlesOfTheAggregation() {
        List<Kline> all = aggregated(KlineInterval.MINUTE_1);
        long now = lastTradeTime() + 1;
        try (RestFixture rest = new RestFixture(btcusdt())) {
            List<RestKline> klines = new Backfill(rest.client).closedKlines("BTCUSDT", "1m",
                    Instant.parse("2024-08-08T23:54:00Z").toEpochMilli(),
                    Instant.parse("2024-08-09T00:06:00Z").toEpochMilli(), now);

            assertThat(all).hasSize(12);
            assertThat(all.get(11).closeTime()).as("the last candle is still open").isGreaterThanOrEqualTo(now);
            assertThat(klines).isEqualTo(all.subList(0, 11).stream().map(BackfillTest::rest).toList());
            assertThat(rest.exchange.stats().restRequests()).isEqualTo(1);
        }
    }

    @Test
    void shouldPageOneSecondCandlesByStartTime() {
        List<Kline> all = aggregated(KlineInterval.SECOND_1);
        long now = lastTradeTime() + 1;
        try (RestFixture rest = new RestFixture(btcusdt())) {
            List<RestKline> klines = new Backfill(rest.client, 100).closedKlines("BTCUSDT", "1s",
                    all.get(0).openTime(), all.get(all.size() - 1).openTime() + 1_000, now);

            List<RestKline> closed = all.stream().filter(k -> k.closeTime() < now).map(BackfillTest::rest).toList();
            assertThat(klines).isEqualTo(closed);
            assertThat(closed.size()).isEqualTo(all.size() - 1);
            assertThat(rest.exchange.stats().restRequests()).isEqualTo((all.size() + 99) / 100);
        }
    }

    @Test
    void shouldDropCandlesOutsideTheRangeAndTheOneStillOpenAtNow() {
        List<Kline> all = aggregated(KlineInterval.MINUTE_1);
        long from = Instant.parse("2024-08-08T23:56:00Z").toEpochMilli();
        try (RestFixture rest = new RestFixture(btcusdt())) {
            Backfill backfill = new Backfill(rest.client);

            List<RestKline> range = backfill.closedKlines("BTCUSDT", "1m", from, from + 3 * MINUTE, Long.MAX_VALUE);
            List<RestKline> open = backfill.closedKlines("BTCUSDT", "1m", from, from + 3 * MINUTE,
                    from + 2 * MINUTE + 30_000);

            assertThat(range).isEqualTo(all.subList(2, 5).stream().map(BackfillTest::rest).toList());
            assertThat(open).isEqualTo(all.subList(2, 4).stream().map(BackfillTest::rest).toList());
            assertThat(backfill.closedKlines("BTCUSDT", "1m", from, from, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void shouldTurnBackfilledCandlesIntoTheLiveFinalKlineFramesWithTradeIdsChainedFromTheAnchor() {
        List<Kline> all = aggregated(KlineInterval.MINUTE_1);
        try (RestFixture rest = new RestFixture(btcusdt())) {
            List<RestKline> klines = new Backfill(rest.client).closedKlines("BTCUSDT", "1m", all.get(1).openTime(),
                    all.get(11).openTime(), lastTradeTime() + 1);
            // the anchor a kline stream knows: L + 1 of the last candle it received before the gap
            long anchor = all.get(0).lastTradeId() + 1;

            List<String> frames = BackfillFrames.klines("btcusdt", "1m", klines, anchor);

            List<String> live = all.subList(1, 11).stream()
                    .map(k -> k.eventJson("\"BTCUSDT\"", k.closeTime() + 1, true)).toList();
            assertThat(frames).isEqualTo(live);
            assertThat(BackfillFrames.nextFirstTradeId(klines, anchor))
                    .as("the f of the first live candle after the gap").isEqualTo(all.get(11).firstTradeId());
        }
    }

    /**
     * The live frame that revealed a kline gap is of a later bucket: at the exchange, every candle of the gap has
     * closed, whatever this machine's clock says. A clock behind the exchange's must not make the gap look filled
     * with its last candles left out.
     */
    @Test
    void shouldFillAKlineGapWhoseCandlesAreClosedAtTheExchangeWithTheLocalClockBehind() {
        List<Kline> all = aggregated(KlineInterval.MINUTE_1);
        try (RestFixture rest = new RestFixture(btcusdt())) {
            long anchor = all.get(0).lastTradeId() + 1;
            RestGapFiller behind = new RestGapFiller(new Backfill(rest.client), () -> all.get(1).openTime(), 100_000);

            List<String> frames = behind.closedKlines("BTCUSDT", "1m", all.get(1).openTime(), all.get(4).openTime(),
                    anchor);

            assertThat(frames).isEqualTo(all.subList(1, 4).stream()
                    .map(k -> k.eventJson("\"BTCUSDT\"", k.closeTime() + 1, true)).toList());
        }
    }

    /**
     * The gap's trades end right before the first trade of the live candle that showed it: numbered back from that
     * id, the fill is exact when the id before the gap is unknown (a gap left unfilled before it) or wrong.
     */
    @Test
    void shouldNumberAKlineFillBackFromTheNextCandlesFirstTradeId() {
        List<Kline> all = aggregated(KlineInterval.MINUTE_1);
        try (RestFixture rest = new RestFixture(btcusdt())) {
            RestGapFiller filler = new RestGapFiller(new Backfill(rest.client), System::currentTimeMillis, 100_000);
            long next = all.get(4).firstTradeId();
            List<String> expected = all.subList(1, 4).stream()
                    .map(k -> k.eventJson("\"BTCUSDT\"", k.closeTime() + 1, true)).toList();

            assertThat(filler.closedKlines("BTCUSDT", "1m", all.get(1).openTime(), all.get(4).openTime(), -1, next))
                    .as("the id before unknown").isEqualTo(expected);
            try (LogCapture log = new LogCapture(RestGapFiller.class)) {
                assertThat(filler.closedKlines("BTCUSDT", "1m", all.get(1).openTime(), all.get(4).openTime(), 5, next))
                        .as("the id before wrong").isEqualTo(expected);
                assertThat(log.events()).singleElement().asString().startsWith("WARN BTCUSDT 1m klines opening from ");
            }
            assertThatThrownBy(() -> filler.closedKlines("BTCUSDT", "1m", all.get(1).openTime(),
                    all.get(4).openTime(), -1, 3)).isInstanceOf(BackfillException.class);
        }
    }

    /** A kline gap of more candles than binance.backfill.max-klines is refused before any request, named, not cut. */
    @Test
    void shouldRefuseAKlineGapAboveTheBoundBeforeAskingForIt() {
        List<Kline> all = aggregated(KlineInterval.MINUTE_1);
        try (RestFixture rest = new RestFixture(btcusdt())) {
            RestGapFiller filler = new RestGapFiller(new Backfill(rest.client), System::currentTimeMillis, 100_000, 2,
                    BackfillRetry.NEVER);

            assertThatThrownBy(() -> filler.closedKlines("BTCUSDT", "1m", all.get(1).openTime(),
                    all.get(4).openTime(), 0)).isInstanceOf(BackfillException.class)
                    .hasMessage("the gap of 3 1m candles exceeds binance.backfill.max-klines=2");
            assertThat(rest.exchange.stats().restRequests()).isZero();
            assertThat(filler.closedKlines("BTCUSDT", "1m", all.get(1).openTime(), all.get(3).openTime(), 0))
                    .hasSize(2);
        }
    }
}
