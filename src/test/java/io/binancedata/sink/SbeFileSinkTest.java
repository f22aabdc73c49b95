package io.binancedata.sink;

import io.binancedata.codec.EventTimes;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sink.SbeTestMessages.Kline;
import io.binancedata.sink.SbeTestMessages.Trade;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sbe-file sink behind a real route: layout, framing, order, day roll, restart and rejected input. */
class SbeFileSinkTest {
    private static final long NOON = micros("2024-05-17T12:00:00Z");

    @TempDir
    Path tempDir;

    private Path root() {
        return tempDir.resolve("sink");
    }

    @Test
    void shouldWriteEachStreamIntoItsKindSymbolAndDayFile() throws Exception {
        Trade trade = Trade.sample("BTCUSDT", 7, NOON);
        Trade unicodeTrade = Trade.sample("币安人生USDT", 8, NOON + 1);
        Kline minute = Kline.sample("BTCUSDT", KlineInterval.MINUTE_1, 1, NOON + 2);
        Kline month = Kline.sample("ETHUSDT", KlineInterval.MONTH_1, 2, NOON + 3);

        try (SinkRoute sink = SinkRoute.to(root())) {
            sink.send(trade);
            sink.send(unicodeTrade);
            sink.send(minute, "1m");
            sink.send(month, "1M");
        }

        assertThat(FramedFiles.filesUnder(root())).containsExactly(
                "kline_1M/ETHUSDT/2024-05-17.sbe",
                "kline_1m/BTCUSDT/2024-05-17.sbe",
                "trade/BTCUSDT/2024-05-17.sbe",
                "trade/币安人生USDT/2024-05-17.sbe");
        assertThat(FramedFiles.trades(root().resolve("trade/BTCUSDT/2024-05-17.sbe"))).containsExactly(trade);
        assertThat(FramedFiles.trades(root().resolve("trade/币安人生USDT/2024-05-17.sbe")))
                .containsExactly(unicodeTrade);
        assertThat(FramedFiles.klines(root().resolve("kline_1m/BTCUSDT/2024-05-17.sbe"))).containsExactly(minute);
        assertThat(FramedFiles.klines(root().resolve("kline_1M/ETHUSDT/2024-05-17.sbe"))).containsExactly(month);
    }

    @Test
    void shouldFrameEveryMessageWithItsFullLengthAndSbeEncodingType() throws Exception {
        try (SinkRoute sink = SinkRoute.to(root())) {
            sink.send(Trade.sample("BTCUSDT", 1, NOON));
            sink.send(Trade.sample("BTCUSDT", 2, NOON));
            sink.send(Kline.sample("BTCUSDT", KlineInterval.MINUTE_1, 1, NOON), "1m");
            sink.send(Trade.sample("币安人生USDT", 3, NOON));
        }

        // 6 framing + 8 SBE header + block (Trade 52, Kline 131) + 2 length + symbol bytes (7, or 4*3+4 = 16)
        Path trades = root().resolve("trade/BTCUSDT/2024-05-17.sbe");
        assertThat(FramedFiles.frames(trades)).extracting(FramedFiles.Frame::length).containsExactly(75, 75);
        assertThat(trades).hasSize(150);
        assertThat(Files.readAllBytes(trades)).startsWith(0, 0, 0, 75, 0xEB, 0x50);
        assertThat(FramedFiles.frames(root().resolve("kline_1m/BTCUSDT/2024-05-17.sbe")))
                .extracting(FramedFiles.Frame::length).containsExactly(154);
        assertThat(FramedFiles.frames(root().resolve("trade/币安人生USDT/2024-05-17.sbe")))
                .extracting(FramedFiles.Frame::length).containsExactly(84);
    }

    @Test
    void shouldAppendManyMessagesInOrder() throws Exception {
        List<Trade> trades = LongStream.range(0, 5_000).mapToObj(i -> Trade.sample("BTCUSDT", i, NOON + i)).toList();
        List<Kline> klines = LongStream.range(0, 500)
                .mapToObj(i -> Kline.sample("BTCUSDT", KlineInterval.SECOND_1, i, NOON + i)).toList();

        try (SinkRoute sink = SinkRoute.to(root())) {
            for (int i = 0; i < trades.size(); i++) {
                sink.send(trades.get(i));
                if (i % 10 == 0) {
                    sink.send(klines.get(i / 10), "1s");
                }
            }
        }

        assertThat(FramedFiles.trades(root().resolve("trade/BTCUSDT/2024-05-17.sbe"))).containsExactlyElementsOf(trades);
        assertThat(FramedFiles.klines(root().resolve("kline_1s/BTCUSDT/2024-05-17.sbe")))
                .containsExactlyElementsOf(klines);
    }

    @Test
    void shouldStartANewFileAtUtcMidnightOfTheEventTime() throws Exception {
        long lastMicroOfLeapDay = micros("2024-02-29T23:59:59.999999Z");
        long midnight = micros("2024-03-01T00:00:00Z");
        Trade late1 = Trade.sample("BTCUSDT", 1, lastMicroOfLeapDay - 1);
        Trade late2 = Trade.sample("BTCUSDT", 2, lastMicroOfLeapDay);
        Trade early1 = Trade.sample("BTCUSDT", 3, midnight);
        Trade early2 = Trade.sample("BTCUSDT", 4, midnight + 1);
        Kline kline = Kline.sample("BTCUSDT", KlineInterval.DAY_1, 1, midnight);

        try (SinkRoute sink = SinkRoute.to(root())) {
            sink.send(late1);
            sink.send(late2);
            sink.send(early1);
            sink.send(early2);
            sink.send(kline, "1d");
        }

        assertThat(FramedFiles.filesUnder(root())).containsExactly(
                "kline_1d/BTCUSDT/2024-03-01.sbe", "trade/BTCUSDT/2024-02-29.sbe", "trade/BTCUSDT/2024-03-01.sbe");
        assertThat(FramedFiles.trades(root().resolve("trade/BTCUSDT/2024-02-29.sbe"))).containsExactly(late1, late2);
        assertThat(FramedFiles.trades(root().resolve("trade/BTCUSDT/2024-03-01.sbe"))).containsExactly(early1, early2);
    }

    @Test
    void shouldDateAMessageWithoutAnEventTimeHeaderByItsOwnExchangeTime() throws Exception {
        long lastMicroOfLeapDay = micros("2024-02-29T23:59:59.999999Z");
        long midnight = micros("2024-03-01T00:00:00Z");
        Trade live = Trade.sample("BTCUSDT", 1, midnight);
        Trade backfilled = new Trade(EventTimes.NULL, lastMicroOfLeapDay, midnight + 5, 2, live.price(),
                live.quantity(), true, "BTCUSDT");
        Kline backfilledKline = new Kline(EventTimes.NULL, midnight - 60_000_000L, midnight - 1, midnight + 9,
                KlineInterval.MINUTE_1, 1, 2, 2, live.price(), live.price(), live.price(), live.price(),
                live.quantity(), live.quantity(), live.quantity(), live.quantity(), true, "BTCUSDT");

        try (SinkRoute sink = SinkRoute.to(root())) {
            sink.send(live.encode(), SinkRoute.headers("trade", "BTCUSDT", null, null));
            sink.send(backfilled.encode(), SinkRoute.headers("trade", "BTCUSDT", null, null));
            sink.send(backfilledKline.encode(), SinkRoute.headers("kline", "BTCUSDT", "1m", null));
        }

        assertThat(FramedFiles.trades(root().resolve("trade/BTCUSDT/2024-03-01.sbe"))).containsExactly(live);
        assertThat(FramedFiles.trades(root().resolve("trade/BTCUSDT/2024-02-29.sbe")))
                .as("no event time: dated by its trade time").containsExactly(backfilled);
        assertThat(FramedFiles.klines(root().resolve("kline_1m/BTCUSDT/2024-03-01.sbe")))
                .as("no event time: dated by the moment the candle closed, as a live final candle")
                .containsExactly(backfilledKline);
    }

    @Test
    void shouldAppendAfterWhatWasWrittenWhenRestarted() throws Exception {
        List<Trade> trades = LongStream.range(0, 5).mapToObj(i -> Trade.sample("BTCUSDT", i, NOON + i)).toList();
        Path file = root().resolve("trade/BTCUSDT/2024-05-17.sbe");

        try (SinkRoute first = SinkRoute.to(root())) {
            trades.subList(0, 3).forEach(first::send);
        }
        assertThat(FramedFiles.trades(file)).containsExactlyElementsOf(trades.subList(0, 3));
        try (SinkRoute second = SinkRoute.to(root())) {
            trades.subList(3, 5).forEach(second::send);
        }

        assertThat(FramedFiles.trades(file)).containsExactlyElementsOf(trades);
    }

    static Stream<Arguments> badInput() {
        byte[] trade = Trade.sample("BTCUSDT", 1, NOON).encode();
        byte[] kline = Kline.sample("BTCUSDT", KlineInterval.MINUTE_1, 1, NOON).encode();
        return Stream.of(
                Arguments.of(trade, SinkRoute.headers("trade", "../x", null, NOON), "path separator or '..'"),
                Arguments.of(trade, SinkRoute.headers("trade", "..", null, NOON), "path separator or '..'"),
                Arguments.of(trade, SinkRoute.headers("trade", ".", null, NOON), "path separator or '..'"),
                Arguments.of(trade, SinkRoute.headers("trade", "BTC/USDT", null, NOON), "path separator or '..'"),
                Arguments.of(trade, SinkRoute.headers("trade", "BTC\\USDT", null, NOON), "path separator or '..'"),
                Arguments.of(trade, SinkRoute.headers("trade", "BTC\nUSDT", null, NOON), "control"),
                Arguments.of(trade, SinkRoute.headers("trade", "BTC\0USDT", null, NOON), "control"),
                Arguments.of(trade, SinkRoute.headers("trade", "", null, NOON), "Missing or empty symbol"),
                Arguments.of(trade, SinkRoute.headers("trade", null, null, NOON), "Missing or empty symbol"),
                Arguments.of(trade, SinkRoute.headers(null, "BTCUSDT", null, NOON), "Missing stream kind"),
                Arguments.of(trade, SinkRoute.headers("depth", "BTCUSDT", null, NOON), "Unknown stream kind 'depth'"),
                Arguments.of(kline, SinkRoute.headers("kline", "BTCUSDT", "2m", NOON), "Unknown kline interval '2m'"),
                Arguments.of(kline, SinkRoute.headers("kline", "BTCUSDT", "1H", NOON), "Unknown kline interval '1H'"),
                Arguments.of(kline, SinkRoute.headers("kline", "BTCUSDT", null, NOON), "Missing kline interval"),
                Arguments.of(trade, SinkRoute.headers("trade", "BTCUSDT", null, "soon"), "must be a long"),
                Arguments.of(kline, SinkRoute.headers("trade", "BTCUSDT", null, NOON), "template 2, expected schema 7201 template 1"),
                Arguments.of(new byte[7], SinkRoute.headers("trade", "BTCUSDT", null, NOON), "shorter than an SBE message header"),
                Arguments.of(null, SinkRoute.headers("trade", "BTCUSDT", null, NOON), "Missing body"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void shouldRejectInvalidHeadersAndBodiesWithoutWritingAnything(byte[] body, Map<String, Object> headers,
                                                                    String reason) throws Exception {
        try (SinkRoute sink = SinkRoute.to(root())) {
            assertThatThrownBy(() -> sink.send(body, headers))
                    .isInstanceOf(CamelExecutionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
        }

        assertThat(FramedFiles.filesUnder(tempDir)).isEmpty();
        assertThat(tempDir.resolve("x")).doesNotExist();
        assertThat(root().resolve("x")).doesNotExist();
    }

    private static long micros(String instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
    }
}
