package io.binancedata.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamState;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class StreamsHealthCheckTest {
    @Test
    void shouldNameFailedAndStalledStreamsAndIgnoreStoppedOnes() throws Exception {
        StreamRegistry registry = new StreamRegistry();
        StreamsHealthCheck check = new StreamsHealthCheck(registry);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            check.setCamelContext(camel);
            assertThat(check.isReadiness()).isTrue();
            assertThat(check.isLiveness()).isFalse();
            registry.register(StreamKey.trade("BTCUSDT"), true).transition(StreamState.STREAMING, null);
            registry.register(StreamKey.kline("BTCUSDT", "1m"), true).transition(StreamState.STALLED, "silent");
            registry.register(StreamKey.trade("ETHUSDT"), true).transition(StreamState.FAILED, "gone");
            registry.register(StreamKey.kline("ETHUSDT", "1m"), true).transition(StreamState.STOPPED, null);

            HealthCheck.Result down = check.call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValue("FAILED: trade-ethusdt; STALLED: kline-btcusdt-1m");
            assertThat(down.getDetails()).containsEntry("streams.failed", "trade-ethusdt")
                    .containsEntry("streams.stalled", "kline-btcusdt-1m").containsEntry("streams.active", 3);

            registry.status("trade-ethusdt").transition(StreamState.STOPPED, null);
            registry.status("kline-btcusdt-1m").transition(StreamState.RECONNECTING, null);
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }
}
