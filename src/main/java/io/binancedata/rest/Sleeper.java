package io.binancedata.rest;

import java.util.concurrent.locks.LockSupport;

/** Waits on the calling thread; replaced in tests by one that moves a fake clock. */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits {@code nanos} nanoseconds.
     *
     * @throws InterruptedException when the thread is interrupted while waiting (the flag is cleared)
     */
    void sleep(long nanos) throws InterruptedException;

    /** Parks the thread ({@link LockSupport#parkNanos(long)}) until the time has passed or it is interrupted. */
    static Sleeper parking() {
        return nanos -> {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for the REST rate limit");
                }
            }
        };
    }
}
