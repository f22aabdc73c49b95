package io.binancedata.fake;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a running fake exchange, readable from any thread. */
public final class ExchangeStats {
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong upgradesRejected = new AtomicLong();
    private final AtomicLong connectionsReset = new AtomicLong();
    private final AtomicLong malformedInjected = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private final Map<String, LongAdder> framesSent = new ConcurrentHashMap<>();
    private final AtomicLong droppedForMessageRate = new AtomicLong();
    private final AtomicLong connectionAttemptsRefused = new AtomicLong();
    private final AtomicLong controlMessages = new AtomicLong();
    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong restRejected = new AtomicLong();
    private final AtomicLong peakRestWeight = new AtomicLong();
    private final Map<String, LongAdder> restRequestsByPath = new ConcurrentHashMap<>();
    /** Per path: requests received and not yet answered (or given up by the client), and the most at once so far. */
    private final Map<String, AtomicLong> restInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> peakRestInFlight = new ConcurrentHashMap<>();

    /** WebSocket upgrades accepted (malformed names and rejected upgrades excluded). */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Upgrades answered with an HTTP error by the {@link FaultPlan} or for a malformed stream name. */
    public long upgradesRejected() {
        return upgradesRejected.get();
    }

    /** Connections dropped by a reset fault. */
    public long connectionsReset() {
        return connectionsReset.get();
    }

    public long malformedInjected() {
        return malformedInjected.get();
    }

    public long pingsSent() {
        return pingsSent.get();
    }

    public long pongsReceived() {
        return pongsReceived.get();
    }

    /** Connections closed (1008) for sending more messages in a second than the limit allows. */
    public long droppedForMessageRate() {
        return droppedForMessageRate.get();
    }

    /** WebSocket upgrades refused (429) for an IP over the connection attempt limit (also in {@link #upgradesRejected}). */
    public long connectionAttemptsRefused() {
        return connectionAttemptsRefused.get();
    }

    /** Text messages (control messages, valid or not) received from clients. */
    public long controlMessages() {
        return controlMessages.get();
    }

    /** REST requests received (rejected ones included). */
    public long restRequests() {
        return restRequests.get();
    }

    /** REST requests received for one path, e.g. {@code /api/v3/trades} (rejected ones included). */
    public long restRequests(String path) {
        LongAdder adder = restRequestsByPath.get(path);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * The most requests for one path that were received and not yet answered at the same time so far: how many a client
     * had on their way at once (a delay of the {@link FaultPlan} holds them).
     */
    public long peakRestInFlight(String path) {
        AtomicLong peak = peakRestInFlight.get(path);
        return peak == null ? 0 : peak.get();
    }

    /**
     * The most request weight used in one UTC minute so far, as the answers' {@code X-MBX-USED-WEIGHT-1M} said
     * (Binance's limit: 6,000).
     */
    public long peakRestWeightPerMinute() {
        return peakRestWeight.get();
    }

    void onRestWeight(long usedThisMinute) {
        peakRestWeight.accumulateAndGet(usedThisMinute, Math::max);
    }

    /** REST requests answered with the {@link FaultPlan}'s rejection status. */
    public long restRejected() {
        return restRejected.get();
    }

    /** Data frames sent on a stream (e.g. {@code btcusdt@trade}) over all connections. */
    public long framesSent(String stream) {
        LongAdder adder = framesSent.get(stream);
        return adder == null ? 0 : adder.sum();
    }

    /** Data frames sent per stream, sorted by stream name. */
    public Map<String, Long> framesSentByStream() {
        Map<String, Long> copy = new TreeMap<>();
        framesSent.forEach((stream, adder) -> copy.put(stream, adder.sum()));
        return copy;
    }

    void onConnectionAccepted() {
        connectionsAccepted.incrementAndGet();
    }

    void onUpgradeRejected() {
        upgradesRejected.incrementAndGet();
    }

    void onConnectionReset() {
        connectionsReset.incrementAndGet();
    }

    void onMalformedInjected() {
        malformedInjected.incrementAndGet();
    }

    void onPing() {
        pingsSent.incrementAndGet();
    }

    void onPong() {
        pongsReceived.incrementAndGet();
    }

    void onMessageLimitExceeded() {
        droppedForMessageRate.incrementAndGet();
    }

    void onConnectionAttemptRefused() {
        connectionAttemptsRefused.incrementAndGet();
    }

    void onControlMessage() {
        controlMessages.incrementAndGet();
    }

    void onRestRequest(String path) {
        restRequests.incrementAndGet();
        restRequestsByPath.computeIfAbsent(path, key -> new LongAdder()).increment();
        long now = restInFlight.computeIfAbsent(path, key -> new AtomicLong()).incrementAndGet();
        peakRestInFlight.computeIfAbsent(path, key -> new AtomicLong()).accumulateAndGet(now, Math::max);
    }

    /** A request counted by {@link #onRestRequest} answered, or its connection closed first: once per request. */
    void onRestDone(String path) {
        restInFlight.get(path).decrementAndGet();
    }

    void onRestRejected() {
        restRejected.incrementAndGet();
    }

    void onFrameSent(String stream) {
        framesSent.computeIfAbsent(stream, key -> new LongAdder()).increment();
    }

    @Override
    public String toString() {
        return "ExchangeStats[accepted=" + connectionsAccepted + ", rejected=" + upgradesRejected + ", reset="
                + connectionsReset + ", droppedForMessageRate=" + droppedForMessageRate + ", attemptsRefused="
                + connectionAttemptsRefused + ", frames=" + framesSentByStream() + ", rest=" + restRequests + ", restRejected="
                + restRejected + ", peakRestWeightPerMinute=" + peakRestWeight + "]";
    }
}
