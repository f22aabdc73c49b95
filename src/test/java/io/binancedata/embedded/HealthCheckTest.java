package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.management.StreamsHealthCheck;
import io.binancedata.stream.StreamState;
import io.binancedata.support.Product;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's readiness check, read through Camel's health-check registry (no HTTP). */
class HealthCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;

    @BeforeEach
    void start() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()));
        Map<String, String> settings = Product.ownConnectionSettings(exchange, dir);
        settings.put("binance.reconnect.max-attempts", "0");
        binance = BinanceData.start(BinanceSettings.of(settings));
    }

    @AfterEach
    void stop() {
        binance.close();
        exchange.close();
    }

    private HealthCheck.Result readiness() {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(binance.camelContext());
        return results.stream().filter(r -> r.getCheck().getId().equals(StreamsHealthCheck.ID)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + StreamsHealthCheck.ID + " in " + results));
    }

    private boolean livenessUp() {
        return HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeLiveness(binance.camelContext()), false);
    }

    @Test
    void shouldBeDownWhileAStartedStreamIsFailedAndUpAgainOnceItIsStopped() {
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        binance.startTradeData(List.of("ETHUSDT"));
        binance.awaitStreaming(List.of("trade-ethusdt"), TIMEOUT);
        HealthCheck.Result streaming = readiness();
        assertThat(streaming.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(streaming.getDetails()).containsEntry("streams.active", 1).containsEntry("streams.streaming", 1);
        assertThat(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(binance.camelContext()), true))
                .isTrue();

        // the fault goes to the next connection whose replay starts: ETHUSDT's has started once it sent a frame
        await().atMost(TIMEOUT).until(() -> exchange.stats().framesSent("ethusdt@trade") > 0);
        exchange.faults().resetAfterFrames(5, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        await().atMost(TIMEOUT).until(() -> binance.stream("trade-btcusdt").orElseThrow().state() == StreamState.FAILED);

        HealthCheck.Result failed = readiness();
        assertThat(failed.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(failed.getMessage()).contains("FAILED: trade-btcusdt");
        assertThat(failed.getDetails()).containsEntry("streams.failed", "trade-btcusdt")
                .doesNotContainKey("streams.stalled");
        assertThat(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(binance.camelContext()), true))
                .isFalse();
        assertThat(livenessUp()).isTrue();

        binance.stopTradeData(List.of("BTCUSDT"));
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness().getDetails()).containsEntry("streams.active", 1);
    }
}
