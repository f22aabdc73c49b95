package io.binancedata.ws;

import io.binancedata.stream.StreamStatus;

/**
 * What a data-stall probe ({@link DataStallProbes}) reads of one trade stream's delivery: a stream's own
 * {@link StreamConnection}, or its subscription on a shared connection ({@link CombinedPool#probed}). Times are
 * {@link System#nanoTime()}; -1 when not known.
 */
interface ProbedStream {
    /** The stream whose state the probe reads and marks. */
    StreamStatus status();

    /**
     * When data last came for the stream: its last data frame, or when its delivery (re)started (the connection
     * opened, the subscription was confirmed, reading resumed after back-pressure), whichever is latest; -1 when it
     * is not being delivered.
     */
    long lastDataNanos();

    /** When the stream's last data frame arrived on its current delivery; -1 when none has yet. */
    long lastFrameNanos();

    /**
     * When its current delivery started: a new value means a new connection or subscription, whose trades an earlier
     * probe's findings say nothing about.
     */
    long connectedAtNanos();

    /** Whether the delivery is paused by back-pressure (the stream is busy, not silent). */
    boolean isPaused();
}
