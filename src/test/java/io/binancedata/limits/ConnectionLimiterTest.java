package io.binancedata.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(123_456_789L);

    private ConnectionLimiter limiter(int max, Duration window) {
        return new ConnectionLimiter(max, window, now::get);
    }

    @Test
    void shouldAllowMaxAttemptsThenSayExactlyWhenTheOldestLeavesTheWindow() {
        ConnectionLimiter limiter = limiter(3, Duration.ofSeconds(10));

        assertThat(limiter.tryAcquire()).isZero();
        now.addAndGet(SECOND);
        assertThat(limiter.tryAcquire()).isZero();
        now.addAndGet(SECOND);
        assertThat(limiter.tryAcquire()).isZero();

        assertThat(limiter.tryAcquire()).isEqualTo(8 * SECOND);
        assertThat(limiter.attemptsInWindow()).isEqualTo(3);
    }

    @Test
    void shouldRecordNothingWhenRefused() {
        ConnectionLimiter limiter = limiter(2, Duration.ofSeconds(10));
        limiter.tryAcquire();
        limiter.tryAcquire();

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire()).isEqualTo(10 * SECOND);
        }
        assertThat(limiter.attemptsInWindow()).isEqualTo(2);
        now.addAndGet(10 * SECOND);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(10 * SECOND);
    }

    @Test
    void shouldSlideTheWindowOneAttemptAtATime() {
        ConnectionLimiter limiter = limiter(3, Duration.ofSeconds(10));
        long start = now.get();
        for (int i = 0; i < 3; i++) {
            now.set(start + i * 2 * SECOND);
            limiter.tryAcquire();
        }

        now.set(start + 10 * SECOND - 1);
        assertThat(limiter.tryAcquire()).isEqualTo(1);
        now.set(start + 10 * SECOND);
        assertThat(limiter.attemptsInWindow()).isEqualTo(2);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(2 * SECOND);
        // attempts at 4 s and 10 s; at 14 s the one of 4 s is a whole window old
        now.set(start + 14 * SECOND);
        assertThat(limiter.attemptsInWindow()).isEqualTo(1);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(6 * SECOND);
        now.set(start + 100 * SECOND);
        assertThat(limiter.attemptsInWindow()).isZero();
    }

    @Test
    void shouldKeepCountingCorrectlyAcrossManyWindows() {
        ConnectionLimiter limiter = limiter(4, Duration.ofSeconds(60));
        int granted = 0;
        for (int second = 0; second < 600; second++) {
            if (limiter.tryAcquire() == 0) {
                granted++;
            }
            assertThat(limiter.attemptsInWindow()).isLessThanOrEqualTo(4);
            now.addAndGet(SECOND);
        }
        // 4 attempts at 0-3 s, 60-63 s, ... 540-543 s
        assertThat(granted).isEqualTo(40);
    }

    @Test
    void shouldEnforceTheDefaultOf200AttemptsPerFiveMinutes() {
        ConnectionLimiter limiter = limiter(200, Duration.ofMinutes(5));
        for (int i = 0; i < 200; i++) {
            assertThat(limiter.tryAcquire()).isZero();
            now.addAndGet(SECOND / 10);
        }
        // the first attempt was 20 s ago
        assertThat(limiter.tryAcquire()).isEqualTo(280 * SECOND);
        assertThat(limiter.maxAttempts()).isEqualTo(200);
    }

    @Test
    void shouldGrantExactlyMaxAttemptsToConcurrentCallers() throws Exception {
        ConnectionLimiter limiter = limiter(50, Duration.ofMinutes(5));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<Integer> caller = () -> {
                    start.await();
                    int granted = 0;
                    for (int i = 0; i < 100; i++) {
                        granted += limiter.tryAcquire() == 0 ? 1 : 0;
                    }
                    return granted;
                };
                results.add(callers.submit(caller));
            }
            start.countDown();
            int granted = 0;
            for (Future<Integer> result : results) {
                granted += result.get(10, TimeUnit.SECONDS);
            }
            assertThat(granted).isEqualTo(50);
            assertThat(limiter.attemptsInWindow()).isEqualTo(50);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void shouldRejectMeaninglessLimits() {
        assertThatThrownBy(() -> limiter(0, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be at least 1: 0");
        assertThatThrownBy(() -> limiter(200, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be positive: PT0S");
    }
}
