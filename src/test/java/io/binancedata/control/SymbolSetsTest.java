package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.binancedata.stream.StreamKind;
import io.binancedata.symbols.SymbolDirectory;
import io.binancedata.symbols.SymbolListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SymbolSets}: what a {@code *} list holds now, and what changed since it was last seen. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SymbolSetsTest {
    private static final SymbolListing TRADING = new SymbolListing("TRADING", "USDT");

    /** A take-over and every start read the set last seen; an exchangeInfo fetch for the next look must not hold them. */
    @Test
    void shouldAnswerTheSetLastSeenWhileALookFetchesTheExchangeInfo() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        SymbolDirectory directory = new SymbolDirectory(() -> {
            if (fetches.incrementAndGet() == 1) {
                return Map.of("BTCUSDT", TRADING);
            }
            fetching.countDown();
            try {
                assertThat(answer.await(20, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("BTCUSDT", TRADING, "ETHUSDT", TRADING);
        }, Duration.ofMinutes(1), clock::get);
        SymbolSets sets = new SymbolSets(directory, List.of());
        assertThat(sets.current(StreamKind.TRADE)).containsExactly("BTCUSDT");
        clock.addAndGet(Duration.ofMinutes(2).toNanos());

        CompletableFuture<SymbolSets.Change> look = CompletableFuture.supplyAsync(() -> sets.changes(StreamKind.TRADE));
        assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(CompletableFuture.supplyAsync(() -> sets.lastSeen(StreamKind.TRADE)).get(5, TimeUnit.SECONDS))
                .containsExactly("BTCUSDT");
        answer.countDown();

        SymbolSets.Change change = look.get(10, TimeUnit.SECONDS);
        assertThat(change.joined()).containsExactly("ETHUSDT");
        assertThat(change.left()).isEmpty();
        assertThat(sets.lastSeen(StreamKind.TRADE)).as("seen once applied").containsExactly("BTCUSDT");
    }
}
