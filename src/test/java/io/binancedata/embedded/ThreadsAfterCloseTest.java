package io.binancedata.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.support.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that embeds the product and starts and closes it again (a configuration change, a test suite) must
 * not collect threads: every thread an instance started ends with its {@code close()}. The JDK's HTTP client (the
 * REST client) has no close on Java 17: its threads end once the client is garbage — so they may outlive an instance
 * while something still holds it, but must not accumulate over restarts.
 */
class ThreadsAfterCloseTest {
    private static final String JDK_HTTP_CLIENT = "HttpClient-";

    @TempDir
    Path dir;

    @Test
    void shouldEndEveryThreadOfAnInstanceWhenItClosesAndCollectNoneOverRestarts() {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1.0)
                .tapes(TradeTape.bundled()))) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            runAndClose(exchange, dir.resolve("first"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(left(before, false))
                    .as("threads of the product left after close").isEmpty());
            long httpClients = clients(left(before, true));
            runAndClose(exchange, dir.resolve("second"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                System.gc(); // the JDK HTTP client's threads end once their client is collected
                assertThat(left(before, false)).as("threads of the product left after close").isEmpty();
                // counted by client (HttpClient-<n>-…): how many worker threads a client started varies with its load
                assertThat(clients(left(before, true))).as("JDK HTTP clients with threads after a second instance: "
                        + left(before, true)).isLessThanOrEqualTo(httpClients);
            });
        }
    }

    private static void runAndClose(FakeExchange exchange, Path dataDir) {
        Map<String, String> settings = Product.settings(exchange, dataDir);
        settings.put("binance.trade.symbols", "BTCUSDT,ETHUSDT");
        settings.put("binance.kline.symbols", "BTCUSDT");
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.awaitStreaming(List.of("trade-btcusdt", "trade-ethusdt"), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> binance.stream("trade-btcusdt").orElseThrow().messages() > 0);
        }
    }

    /** The number of JDK HTTP clients these threads belong to ({@code HttpClient-<n>-SelectorManager}, ...). */
    private static long clients(List<String> httpClientThreads) {
        return httpClientThreads.stream().map(name -> name.substring(0, name.indexOf('-', JDK_HTTP_CLIENT.length())))
                .distinct().count();
    }

    /** Threads started since {@code before} and alive now: the JDK HTTP client's, or all others. */
    private static List<String> left(Set<Thread> before, boolean httpClient) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.getName().startsWith("awaitility")
                        && t.getName().startsWith(JDK_HTTP_CLIENT) == httpClient)
                .map(Thread::getName).sorted().toList();
    }
}
