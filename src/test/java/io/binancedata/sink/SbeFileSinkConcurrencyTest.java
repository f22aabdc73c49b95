package io.binancedata.sink;

import io.binancedata.sink.SbeTestMessages.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many streams at once: the bound on open files and concurrent writers, every file complete and in order. */
class SbeFileSinkConcurrencyTest {
    private static final long NOON = 1_715_947_200_000_000L; // 2024-05-17T12:00:00Z
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "币安人生USDT", "SOLUSDT");

    @TempDir
    Path root;

    private static List<Trade> tradesOf(String symbol, int count) {
        return LongStream.range(0, count).mapToObj(i -> Trade.sample(symbol, i, NOON + i)).toList();
    }

    private Path fileOf(String symbol) {
        return root.resolve("trade").resolve(symbol).resolve("2024-05-17.sbe");
    }

    @Test
    void shouldWriteEverythingWhenMoreStreamsThanOpenFilesTakeTurns() throws Exception {
        List<String> symbols = SYMBOLS.subList(0, 3);
        int maxOpen = 0;
        try (SinkRoute sink = SinkRoute.to(root, "maxOpenFiles=2")) {
            FramedFileStore store = sink.endpoint().store();
            for (int i = 0; i < 300; i++) {
                for (String symbol : symbols) {
                    sink.send(Trade.sample(symbol, i, NOON + i));
                    maxOpen = Math.max(maxOpen, store.openFileCount());
                }
            }
        }

        assertThat(maxOpen).isEqualTo(2);
        for (String symbol : symbols) {
            assertThat(FramedFiles.trades(fileOf(symbol))).as(symbol).containsExactlyElementsOf(tradesOf(symbol, 300));
        }
    }

    @ParameterizedTest(name = "maxOpenFiles={0}")
    @ValueSource(ints = {256, 2})
    void shouldWriteConcurrentStreamsCompletelyAndInOrder(int maxOpenFiles) throws Exception {
        int perThread = 2_000;
        ExecutorService writers = Executors.newFixedThreadPool(SYMBOLS.size());
        try (SinkRoute sink = SinkRoute.to(root, "maxOpenFiles=" + maxOpenFiles)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                List<Trade> trades = tradesOf(symbol, perThread);
                done.add(writers.submit(() -> {
                    go.await();
                    trades.forEach(sink::send);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        for (String symbol : SYMBOLS) {
            assertThat(FramedFiles.trades(fileOf(symbol))).as(symbol)
                    .containsExactlyElementsOf(tradesOf(symbol, perThread));
        }
    }
}
