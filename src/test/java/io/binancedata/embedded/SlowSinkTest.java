package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.BurstLog;
import io.binancedata.fake.BurstPlan;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.spool.SpoolEndpoint;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import io.binancedata.support.SlowHttpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slow sink never stops the socket: an HTTP service taking 20 ms per message beside the file sink, while the exchange
 * sends 2,000 trades/s (10 s here, to keep CI short; the run is a minute). The socket is read at the
 * exchange's pace (each trade's receive time against its send time in the exchange's {@link BurstLog}), the file sink
 * is complete as soon as the exchange has sent everything, and the HTTP service gets every trade, in order, once it
 * is fast again.
 */
class SlowSinkTest {
    private static final int TRADES = 20_000;
    private static final double RATE = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SlowSinkTest.class);

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private SlowHttpSink http;
    private BinanceData binance;

    @AfterEach
    void stop() {
        if (binance != null) {
            binance.close();
        }
        if (http != null) {
            http.close();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void shouldReadTheSocketAtTheStreamsPaceAndWriteTheFilesAtOnceWhileAnHttpSinkTakes20msPerMessage()
            throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().burst(BurstPlan.of(1, TRADES).steady(RATE)));
        http = new SlowHttpSink(20);
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.sink.trade", "sbe-file:" + dir + "," + http.url());
        binance = BinanceData.start(BinanceSettings.of(settings));
        BurstLog burst = exchange.burst();
        String symbol = burst.symbols().get(0);
        binance.startTradeData(List.of(symbol));
        StreamStatus status = binance.stream("trade-" + symbol.toLowerCase()).orElseThrow();

        assertThat(burst.awaitRelease(Duration.ofSeconds(30))).isTrue();
        assertThat(burst.awaitCompletion(Duration.ofSeconds(60))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> status.messages() == TRADES);
        int httpWhenFilesComplete = http.receivedCount();

        List<JsonNode> files = SbeFiles.decode(tradeFiles(symbol));
        assertThat(files).hasSize(TRADES);
        long[] lagMillis = new long[TRADES];
        long firstId = burst.trade(0).id();
        for (int i = 0; i < TRADES; i++) {
            assertThat(files.get(i).get("tradeId").asLong()).as("trade #%d", i).isEqualTo(firstId + i);
            lagMillis[i] = (files.get(i).get("receiveTime").asLong() - burst.sendEpochMicros(0, i)) / 1000;
        }
        Arrays.sort(lagMillis);
        String lags = "read lag (ms): p50 " + lagMillis[TRADES / 2] + ", p90 " + lagMillis[TRADES * 9 / 10] + ", p99 "
                + lagMillis[TRADES * 99 / 100] + ", max " + lagMillis[TRADES - 1];
        LOG.info("{} trades at {}/s beside a 20 ms HTTP sink: {}; HTTP sink had {} when the files were complete",
                TRADES, RATE, lags, httpWhenFilesComplete);
        assertThat(httpWhenFilesComplete).as("the file sink did not wait for the HTTP one").isLessThan(TRADES / 4);
        assertThat(lagMillis[TRADES * 99 / 100]).as(lags).isLessThan(500);
        assertThat(lagMillis[TRADES - 1]).as(lags).isLessThan(2_000);
        assertThat(status.spillFull()).isZero();
        assertThat(httpSpool().getSpooledCount()).as("spooled once the sink was slow").isGreaterThan(TRADES / 2);

        http.latency(0);
        await().atMost(Duration.ofSeconds(120)).until(() -> http.receivedCount() >= TRADES);
        List<JsonNode> posted = http.received();
        assertThat(posted).hasSize(TRADES);
        for (int i = 0; i < TRADES; i++) {
            assertThat(posted.get(i).get("tradeId").asLong()).as("HTTP message #%d", i).isEqualTo(firstId + i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> httpSpool().getSpoolDepth() == 0);
    }

    private Path[] tradeFiles(String symbol) throws Exception {
        try (Stream<Path> found = Files.list(dir.resolve("trade").resolve(symbol))) {
            return found.sorted().toArray(Path[]::new);
        }
    }

    private SpoolEndpoint httpSpool() {
        return binance.camelContext().getEndpoints().stream().filter(SpoolEndpoint.class::isInstance)
                .map(SpoolEndpoint.class::cast).findFirst().orElseThrow();
    }
}
