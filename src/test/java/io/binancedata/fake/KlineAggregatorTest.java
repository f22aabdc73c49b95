package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.sbe.KlineInterval;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class KlineAggregatorTest {

    @Test
    void shouldAggregateSyntheticTradesExactly() {
        List<TapeTrade> trades = List.of(
                new TapeTrade(10, "100.00000000", "0.50000000", 60_000, 60_001, true, true),
                new TapeTrade(11, "101.50000000", "0.25000000", 60_500, 60_501, false, true),
                new TapeTrade(12, "99.25000000", "1.00000000", 119_999, 120_000, false, true),
                new TapeTrade(13, "100.10000000", "0.10000000", 120_000, 120_001, true, true));

        List<Kline> klines = KlineAggregator.aggregate(trades, KlineInterval.MINUTE_1);

        assertThat(klines).hasSize(2);
        assertThat(klines.get(0).eventJson("\"TESTUSDT\"", 120_001, true)).isEqualTo(
                "{\"e\":\"kline\",\"E\":120001,\"s\":\"TESTUSDT\",\"k\":{\"t\":60000,\"T\":119999,\"s\":\"TESTUSDT\","
                        + "\"i\":\"1m\",\"f\":10,\"L\":12,\"o\":\"100.00000000\",\"c\":\"99.25000000\","
                        + "\"h\":\"101.50000000\",\"l\":\"99.25000000\",\"v\":\"1.75000000\",\"n\":3,\"x\":true,"
                        + "\"q\":\"174.62500000\",\"V\":\"1.25000000\",\"Q\":\"124.62500000\",\"B\":\"0\"}}");
        assertThat(klines.get(1).restRow()).isEqualTo("[120000,\"100.10000000\",\"100.10000000\",\"100.10000000\","
                + "\"100.10000000\",\"0.10000000\",179999,\"10.01000000\",1,\"0.00000000\",\"0.00000000\",\"0\"]");
    }

    @Test
    void shouldAggregateTheRealBtcusdtBucketOf2355FromExactlyItsTrades() {
        long open = Instant.parse("2024-08-08T23:55:00Z").toEpochMilli();
        List<TapeTrade> all = new ArrayList<>();
        List<TapeTrade> inBucket = new ArrayList<>();
        TradeTape tape = TestData.btcusdt();
        for (int i = 0; i < tape.size(); i++) {
            all.add(tape.trade(i));
            if (tape.trade(i).tradeTime() >= open && tape.trade(i).tradeTime() <= open + 59_999) {
                inBucket.add(tape.trade(i));
            }
        }

        Kline kline = KlineAggregator.aggregate(all, KlineInterval.MINUTE_1).stream()
                .filter(k -> k.openTime() == open).findFirst().orElseThrow();

        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        BigDecimal takerVolume = BigDecimal.ZERO;
        BigDecimal high = new BigDecimal(inBucket.get(0).price());
        BigDecimal low = high;
        for (TapeTrade trade : inBucket) {
            BigDecimal p = new BigDecimal(trade.price());
            BigDecimal q = new BigDecimal(trade.qty());
            volume = volume.add(q);
            quote = quote.add(p.multiply(q));
            takerVolume = trade.buyerMaker() ? takerVolume : takerVolume.add(q);
            high = high.max(p);
            low = low.min(p);
        }
        assertThat(kline.tradeCount()).isEqualTo(inBucket.size());
        assertThat(kline.firstTradeId()).isEqualTo(inBucket.get(0).id());
        assertThat(kline.lastTradeId()).isEqualTo(inBucket.get(inBucket.size() - 1).id());
        assertThat(kline.lastTradeId() - kline.firstTradeId() + 1).isEqualTo(inBucket.size());
        assertThat(kline.open()).isEqualTo(new BigDecimal(inBucket.get(0).price()));
        assertThat(kline.close()).isEqualTo(new BigDecimal(inBucket.get(inBucket.size() - 1).price()));
        assertThat(kline.high()).isEqualTo(high);
        assertThat(kline.low()).isEqualTo(low);
        assertThat(kline.volume()).isEqualByComparingTo(volume);
        assertThat(kline.quoteVolume()).isEqualByComparingTo(quote);
        assertThat(kline.takerBuyVolume()).isEqualByComparingTo(takerVolume);
        assertThat(kline.closeTime()).isEqualTo(open + 59_999);
    }

    /**
     * The cryptofeed recording has aggTrades and Binance's own kline_1m updates: the aggTrades inside the last
     * update's [f..L] (each expanded into l−f+1 trades, all the quantity on the first) must give that update
     * exactly.
     */
    @Test
    void shouldReproduceBinancesOwnKlineFromTheRecordedAggTrades() throws Exception {
        Pattern frame = Pattern.compile("^\\d+\\.\\d+: (\\{\"stream\":\"btcusdt@(aggTrade|kline_1m)\".*)$");
        List<JsonNode> aggTrades = new ArrayList<>();
        JsonNode lastUpdate = null;
        for (String line : TestData.gzipLines(TestData.real("cryptofeed/BINANCE-ee25be.0.gz"))) {
            Matcher matcher = frame.matcher(line);
            if (matcher.matches()) {
                JsonNode data = RestTestClient.json(matcher.group(1)).get("data");
                if (data.get("e").asText().equals("aggTrade")) {
                    aggTrades.add(data);
                } else if (data.get("k").get("t").asLong() == 1_617_566_640_000L) {
                    lastUpdate = data;
                }
            }
        }
        assertThat(lastUpdate).isNotNull();
        long first = lastUpdate.get("k").get("f").asLong();
        long last = lastUpdate.get("k").get("L").asLong();
        KlineAggregator aggregator = new KlineAggregator(KlineInterval.MINUTE_1);
        for (JsonNode agg : aggTrades) {
            if (agg.get("f").asLong() >= first && agg.get("l").asLong() <= last) {
                for (long id = agg.get("f").asLong(); id <= agg.get("l").asLong(); id++) {
                    String qty = id == agg.get("f").asLong() ? agg.get("q").asText() : "0.00000000";
                    aggregator.add(new TapeTrade(id, agg.get("p").asText(), qty, agg.get("T").asLong(),
                            agg.get("E").asLong(), agg.get("m").asBoolean(), true));
                }
            }
        }

        Kline kline = aggregator.current();

        assertThat(kline.eventJson("\"BTCUSDT\"", lastUpdate.get("E").asLong(), false))
                .isEqualTo(lastUpdate.toString());
        assertThat(Kline.format(kline.open())).isEqualTo("57996.66000000");
        assertThat(Kline.format(kline.volume())).isEqualTo("9.42169800");
        assertThat(kline.tradeCount()).isEqualTo(586);
    }
}
