package io.binancedata.threads;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the product starts itself is a daemon, so that none holds an exiting process up (the services that
 * start them end them when Camel stops), and is named {@code binance-…}, so that a thread dump says whose it is.
 */
public final class DaemonThreads {
    /** How long a thread of an {@link #idleEnding} pool waits for work before it ends. */
    public static final long IDLE_SECONDS = 30;

    private DaemonThreads() {
    }

    /** Daemon threads, each named {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> daemon(new Thread(task, name));
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger numbers = new AtomicInteger();
        return task -> daemon(new Thread(task, prefix + "-" + numbers.incrementAndGet()));
    }

    /**
     * A pool of at most {@code threads} threads of {@code factory} that end after {@value #IDLE_SECONDS} s without
     * work (an idle pool holds no thread, so nothing needs shutting down), tasks waiting in their order of arrival,
     * as many as there are.
     */
    public static ThreadPoolExecutor idleEnding(int threads, ThreadFactory factory) {
        return idleEnding(threads, Integer.MAX_VALUE, factory);
    }

    /**
     * As {@link #idleEnding(int, ThreadFactory)}, at most {@code waiting} tasks waiting: one more is refused with a
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    public static ThreadPoolExecutor idleEnding(int threads, int waiting, ThreadFactory factory) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(waiting), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }
}
