package io.binancedata.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A stream's batches give back the memory a catch-up made them grow to, once the batches have long been small again;
 * a stream that keeps using its batch keeps it.
 */
class BatchShrinkingTest {
    private static final String FRAME = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
            + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";

    private static void fill(FrameBatch batch, int frames) {
        for (int i = 0; i < frames; i++) {
            batch.append(FRAME, i);
        }
    }

    @Test
    void shouldGiveBackAFrameBatchGrownByACatchUpAfterSixtyFourSmallBatchesInARow() {
        FrameBatch batch = new FrameBatch();
        int first = batch.charCapacity();
        fill(batch, 1000);
        batch.clear();
        int grown = batch.charCapacity();
        assertThat(grown).isGreaterThanOrEqualTo(1000 * FRAME.length());
        for (int i = 1; i < BatchShrinking.CLEARS; i++) {
            fill(batch, 2);
            batch.clear();
        }
        assertThat(batch.charCapacity()).as("63 small batches: kept").isEqualTo(grown);
        fill(batch, 2);
        batch.clear();
        assertThat(batch.charCapacity()).as("the 64th: given back").isEqualTo(first);
        fill(batch, 3);
        assertThat(batch.text(2)).isEqualTo(FRAME);
    }

    @Test
    void shouldKeepTheBatchOfABusyStream() {
        FrameBatch batch = new FrameBatch();
        fill(batch, 1000);
        batch.clear();
        int grown = batch.charCapacity();
        for (int i = 0; i < 10 * BatchShrinking.CLEARS; i++) {
            fill(batch, i % BatchShrinking.CLEARS == 0 ? 300 : 2); // one batch in 64 uses a third of it
            batch.clear();
        }
        assertThat(batch.charCapacity()).isEqualTo(grown);
    }

    @Test
    void shouldGiveBackAnEventBatchGrownByACatchUp() {
        EventBatch events = new EventBatch();
        FrameBatch frames = new FrameBatch();
        events.reset(1, frames);
        for (int i = 0; i < 1000; i++) {
            events.claim(64);
            events.commit(64, i, i, i, i, -1, null);
        }
        int grown = events.byteCapacity();
        assertThat(grown).isGreaterThan(64_000);
        for (int i = 0; i < BatchShrinking.CLEARS; i++) {
            events.reset(1, frames); // the previous batch: 1000 messages, then none
        }
        assertThat(events.byteCapacity()).as("63 empty batches after it: kept").isEqualTo(grown);
        events.reset(1, frames);
        assertThat(events.byteCapacity()).isEqualTo(1024);
        events.claim(64);
        events.commit(64, 7, 7, 7, 7, -1, null);
        assertThat(events.count()).isEqualTo(1);
        assertThat(events.sequence(0)).isEqualTo(7);
    }
}
