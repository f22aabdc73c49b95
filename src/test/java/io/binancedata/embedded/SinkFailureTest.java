package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BeanWiring;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.route.DeadLetters;
import io.binancedata.sequence.SequenceCheckpoints;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that refuses every batch: nothing counted as delivered, every frame dead-lettered raw with step "sink", the
 * stream reported as failing, and its checkpoint held so that a restart fetches the frames again.
 */
class SinkFailureTest {
    private static String trade(long id) {
        return "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":" + id
                + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
    }

    private static final List<String> FRAMES = List.of(trade(100), trade(101), trade(102));

    private static FakeExchange exchange() {
        return FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("BTCUSDT", FRAMES)));
    }

    /** The product's settings, its trade sink a file sink under {@code dir/files} whose folder cannot be made. */
    private static Map<String, String> failingFileSink(FakeExchange exchange, Path dir) throws IOException {
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("trade"), "a file where the sink needs a folder");
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.sink.trade", "sbe-file:" + files);
        return settings;
    }

    @Test
    void shouldDeadLetterTheRawFramesHoldTheCheckpointAndReportTheSink(@TempDir Path dir) throws Exception {
        List<String> frames = FRAMES;
        Path files = dir.resolve("files");
        try (FakeExchange exchange = exchange()) {
            Map<String, String> settings = failingFileSink(exchange, dir);
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings));
                 LogCapture log = new LogCapture(DeadLetters.class)) {
                binance.startTradeData(List.of("BTCUSDT"));
                StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() -> status.deliveryFailed() == frames.size());
                assertThat(status.messages()).isZero();
                assertThat(status.deadLettered()).isEqualTo(frames.size());
                assertThat(status.sinkFailure()).contains("FileSystemException").contains("trade");
                List<LogCapture.Logged> logged = log.loggedContaining("dead-lettered at step sink");
                assertThat(logged).as("the first failure is reported at once").isNotEmpty();
                assertThat(logged.get(0).rootCause()).isExactlyInstanceOf(FileSystemException.class)
                        .hasMessage(files.resolve("trade/BTCUSDT") + ": Not a directory");
            }
        }
        Path deadLetters;
        try (Stream<Path> list = Files.list(dir.resolve("dead-letter"))) {
            deadLetters = list.findFirst().orElseThrow();
        }
        List<JsonNode> records = Files.readAllLines(deadLetters).stream().map(SbeFiles::parse).toList();
        assertThat(records).extracting(r -> r.get("frame").asText()).containsExactlyElementsOf(frames);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("step").asText()).isEqualTo("sink");
            assertThat(r.get("reason").asText()).contains("FileSystemException");
            assertThat(r.get("streamId").asText()).isEqualTo("trade-btcusdt");
        });
        assertThat(new SequenceCheckpoints(dir.resolve("state")).load("trade-btcusdt"))
                .as("no position saved past undelivered trades").isEmpty();
    }

    /** A dead letter that cannot be written either: the frames count as lost to it, not as dead-lettered. */
    @Test
    void shouldCountFramesTheDeadLetterCouldNotTakeAsLostNotAsDeadLettered(@TempDir Path dir) throws Exception {
        List<String> frames = FRAMES;
        try (FakeExchange exchange = exchange()) {
            Map<String, String> settings = failingFileSink(exchange, dir);
            settings.put("binance.sink.dead-letter", "direct:no-consumer?block=false");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings));
                 LogCapture log = new LogCapture(DeadLetters.class)) {
                binance.startTradeData(List.of("BTCUSDT"));
                StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() -> status.deliveryFailed() == frames.size());
                DeadLetters deadLetters = binance.camelContext().getRegistry().lookupByNameAndType(
                        BeanWiring.DEAD_LETTERS, DeadLetters.class);
                assertThat(status.deadLettered()).isZero();
                assertThat(deadLetters.lost()).isEqualTo(frames.size());
                assertThat(log.eventsContaining("cannot be written")).isNotEmpty()
                        .allSatisfy(line -> assertThat(line).startsWith("ERROR").contains("frame(s) lost to it"));
            }
        }
    }
}
