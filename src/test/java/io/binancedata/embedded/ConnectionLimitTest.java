package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.binancedata.BinanceData;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.fake.WebSocketSession;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamState;
import io.binancedata.support.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many streams starting at once queue behind the process-wide connection limiter instead of tripping a ban. */
class ConnectionLimitTest {
    private static final int ATTEMPTS = 10;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    /** The limiter counts attempts when they start; the server sees them a handshake later, with some jitter. */
    private static final Duration HANDSHAKE_JITTER = Duration.ofMillis(400);

    @Test
    void shouldNeverOpenMoreConnectionsPerWindowThanAllowed(@TempDir Path dir) {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()))) {
            Map<String, String> settings = Product.ownConnectionSettings(exchange, dir);
            settings.put("binance.limits.connection-attempts", String.valueOf(ATTEMPTS));
            settings.put("binance.limits.connection-window", WINDOW.toMillis() + "ms");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                StartResult result = binance.startOhlcvData(List.of("BTCUSDT", "ETHUSDT"), KlineIntervals.codes());
                binance.startTradeData(List.of("BTCUSDT", "ETHUSDT"));
                assertThat(result.started()).hasSize(32);
                // a stream is STREAMING once its client saw the handshake; the exchange registers the session
                // right after its side of it, on its own event loop
                await().atMost(Duration.ofSeconds(30)).until(() -> binance.streams().stream()
                        .allMatch(s -> s.state() == StreamState.STREAMING) && exchange.sessions().size() >= 34);
                List<Long> accepted = new ArrayList<>(exchange.sessions().stream()
                        .map(WebSocketSession::acceptedAtNanos).sorted().toList());
                assertThat(accepted).hasSize(34);
                for (int i = ATTEMPTS; i < accepted.size(); i++) {
                    assertThat(accepted.get(i) - accepted.get(i - ATTEMPTS)).as("connection #" + i)
                            .isGreaterThanOrEqualTo(WINDOW.minus(HANDSHAKE_JITTER).toNanos());
                }
            }
        }
    }
}
