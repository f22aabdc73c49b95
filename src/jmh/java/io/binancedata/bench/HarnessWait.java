package io.binancedata.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** How the process-level harnesses wait for a state of the jars they run: polled every 100 ms, given up loudly. */
final class HarnessWait {
    private HarnessWait() {
    }

    /** @throws IllegalStateException naming {@code what} when {@code condition} did not hold within {@code wait} */
    static void until(String what, Duration wait, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + wait + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
