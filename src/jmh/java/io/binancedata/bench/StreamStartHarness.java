package io.binancedata.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.stream.StreamKey;
import io.binancedata.support.Product;
import org.apache.camel.ManagementMBeansLevel;

/**
 * What starting many streams at once costs (a cluster take-over of many streams, a start-up of the whole exchange):
 * the product embedded ({@link BinanceData}, the default {@code sbe-file} sink, shared connections), a fake exchange
 * with a synthetic market of {@code symbols} TRADING symbols in this JVM; then {@code rounds} times: the trade streams
 * of all of them started in one call (the call's time: the routes created and started), the time until every one is
 * STREAMING, and the time to stop them all.
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q -Pbench test-compile exec:exec@streamstart
 *     [-Dstreamstart.args="SYMBOLS ROUNDS MBEANS"]
 * </pre>
 * Defaults 1000 3 RoutesOnly (the product's {@code camel.main.jmx-management-mbeans-level}; {@code ContextOnly}: no
 * MBean per route). The first round pays the JVM's warm-up; the later ones are what a running instance pays.
 */
public final class StreamStartHarness {
    private StreamStartHarness() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ManagementMBeansLevel mbeans = ManagementMBeansLevel.valueOf(args.length > 2 ? args[2] : "RoutesOnly");
        SyntheticMarket market = SyntheticMarket.of(symbols, 19_000, 500);
        List<String> chosen = market.tradingSymbols().stream().limit(symbols).toList();
        List<String> ids = chosen.stream().map(s -> StreamKey.trade(s).id()).toList();
        Path dir = Files.createTempDirectory("stream-start");
        System.out.printf(Locale.ROOT, "| round | streams | start call ms | ms a stream | all STREAMING ms | stop ms "
                + "| MBeans a stream |%n|---|---|---|---|---|---|---|%n");
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.connection.max-streams", "200");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings),
                    camel -> camel.getManagementStrategy().getManagementAgent().setMBeansLevel(mbeans))) {
                for (int round = 1; round <= rounds; round++) {
                    int mbeansBefore = ManagementFactory.getPlatformMBeanServer().getMBeanCount();
                    long start = System.nanoTime();
                    binance.startTradeData(chosen);
                    long called = System.nanoTime();
                    int registered = ManagementFactory.getPlatformMBeanServer().getMBeanCount() - mbeansBefore;
                    binance.awaitStreaming(ids, Duration.ofMinutes(5));
                    long streaming = System.nanoTime();
                    binance.stopAllTradeData();
                    long stopped = System.nanoTime();
                    System.out.printf(Locale.ROOT, "| %d | %,d | %,d | %.1f | %,d | %,d | %.1f |%n", round,
                            chosen.size(), millis(called - start), (double) millis(called - start) / chosen.size(),
                            millis(streaming - start), millis(stopped - streaming),
                            (double) registered / chosen.size());
                }
            }
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
