package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client's messages counted when written, at most 4 in any 1.1 s, one being written at a time. */
class SendWindowTest {
    private static final long MS = 1_000_000;

    @Test
    void shouldAdmitFourWrittenMessagesPerWindowAndOneWriteAtATime() {
        SendWindow window = new SendWindow(4, 1_100 * MS);

        assertThat(window.tryStart(0)).isTrue();
        assertThat(window.tryStart(0)).as("the first is still being written").isFalse();
        window.written(300 * MS); // queued at 0, written late by a busy event loop
        for (long t : new long[] {310, 320, 330}) {
            assertThat(window.tryStart(t * MS)).isTrue();
            window.written(t * MS);
        }
        assertThat(window.tryStart(1_399 * MS)).as("4 written since 300 ms").isFalse();
        assertThat(window.tryStart(1_400 * MS)).isTrue();
        window.cancel(); // nothing to send after all
        assertThat(window.tryStart(1_400 * MS)).as("a cancelled start counts for nothing").isTrue();
        window.written(1_400 * MS);
        assertThat(window.tryStart(1_409 * MS)).as("4 written since 310 ms").isFalse();
        assertThat(window.tryStart(1_410 * MS)).isTrue();
    }
}
