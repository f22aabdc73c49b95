package io.binancedata.sink;

import io.binancedata.sink.SbeTestMessages.Trade;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The component itself: URI, options, discovery, producer-only, and files closed when things stop. */
class SbeFileComponentTest {
    private static final long NOON = 1_715_947_200_000_000L; // 2024-05-17T12:00:00Z

    @TempDir
    Path tempDir;

    private final CamelContext context = new DefaultCamelContext();

    @Test
    void shouldApplyOptionsGivenInTheUri() throws Exception {
        try (SinkRoute sink = SinkRoute.to(tempDir, "fsync=true&maxOpenFiles=64")) {
            SbeFileEndpoint endpoint = sink.endpoint();

            assertThat(endpoint.getDirectory()).isEqualTo(tempDir.toString());
            assertThat(endpoint.isFsync()).isTrue();
            assertThat(endpoint.getMaxOpenFiles()).isEqualTo(64);
            assertThat(endpoint.store().fsync()).isTrue();
            assertThat(endpoint.store().root()).isEqualTo(tempDir.toAbsolutePath());
        }
    }

    @Test
    void shouldDefaultToNoFsyncAndHalfTheProcesssOpenFileLimit() throws Exception {
        try (SinkRoute sink = SinkRoute.to(tempDir)) {
            assertThat(sink.endpoint().isFsync()).isFalse();
            assertThat(sink.endpoint().getMaxOpenFiles()).isEqualTo(FramedFileStore.defaultMaxOpenFiles())
                    .isBetween(256, 8_192);
            assertThat(sink.endpoint().store().fsync()).isFalse();
        }
    }

    @Test
    void shouldCountMessagesWrittenAndRefused() throws Exception {
        try (SinkRoute sink = SinkRoute.to(tempDir)) {
            sink.send(Trade.sample("BTCUSDT", 1, NOON));
            sink.send(Trade.sample("BTCUSDT", 2, NOON));
            assertThatThrownBy(() -> sink.send(Trade.sample("BTCUSDT", 3, NOON).encode(),
                    SinkRoute.headers("trade", "BTCUSDT", null, "noon"))).hasRootCauseMessage(
                    "Header BinanceEventTime must be a long, was java.lang.String: noon");
            assertThatThrownBy(() -> sink.send(new byte[] {1, 2, 3}, SinkRoute.headers("trade", "BTCUSDT", null, NOON)))
                    .hasRootCauseInstanceOf(IllegalArgumentException.class);

            assertThat(sink.endpoint().getDeliveredCount()).isEqualTo(2);
            assertThat(sink.endpoint().getFailedCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldResolveARelativeDirectoryAgainstTheWorkingDirectory() {
        SbeFileEndpoint endpoint = context.getEndpoint("sbe-file:data", SbeFileEndpoint.class);

        assertThat(endpoint.getDirectory()).isEqualTo("data");
        assertThat(endpoint.store().root()).isEqualTo(Path.of("data").toAbsolutePath());
    }

    @Test
    void shouldRejectUnknownOrInvalidOptions() {
        assertThatThrownBy(() -> context.getEndpoint("sbe-file:" + tempDir + "?fsynk=true"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("fsynk");
        assertThatThrownBy(() -> context.getEndpoint("sbe-file:" + tempDir + "?maxOpenFiles=0"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("maxOpenFiles must be at least 1, was 0");
        assertThatThrownBy(() -> context.getEndpoint("sbe-file:?fsync=true"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("needs a directory");
    }

    @Test
    void shouldBeFoundByItsSchemeWithoutRegistration() {
        assertThat(context.getComponent("sbe-file")).isInstanceOf(SbeFileComponent.class);
        assertThat(context.getEndpoint("sbe-file:" + tempDir)).isInstanceOf(SbeFileEndpoint.class);
    }

    @Test
    void shouldRefuseToConsume() throws Exception {
        SbeFileEndpoint endpoint = context.getEndpoint("sbe-file:" + tempDir, SbeFileEndpoint.class);

        assertThatThrownBy(() -> endpoint.createConsumer(exchange -> { }))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("The sbe-file component only writes; it cannot be used in from(): sbe-file://"
                        + tempDir);
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sbe-file:" + tempDir).to("log:never");
            }
        })).hasRootCauseInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldCloseOpenFilesWhenTheRouteOrTheContextStops() throws Exception {
        try (SinkRoute sink = SinkRoute.to(tempDir)) {
            FramedFileStore store = sink.endpoint().store();
            sink.send(Trade.sample("BTCUSDT", 1, NOON));
            sink.send(Trade.sample("ETHUSDT", 2, NOON));
            assertThat(store.openFileCount()).isEqualTo(2);

            sink.context().getRouteController().stopRoute("sink");
            assertThat(store.openFileCount()).isZero();

            sink.context().getRouteController().startRoute("sink");
            sink.send(Trade.sample("BTCUSDT", 3, NOON));
            assertThat(store.openFileCount()).isEqualTo(1);

            sink.context().stop();
            assertThat(store.openFileCount()).isZero();
            assertThatThrownBy(() -> store.append("trade", "BTCUSDT", null, NOON,
                    Trade.sample("BTCUSDT", 4, NOON).encode()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        }
        assertThat(FramedFiles.trades(tempDir.resolve("trade/BTCUSDT/2024-05-17.sbe")))
                .extracting(Trade::tradeId).containsExactly(1L, 3L);
    }

    @BeforeEach
    void startContext() {
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }
}
