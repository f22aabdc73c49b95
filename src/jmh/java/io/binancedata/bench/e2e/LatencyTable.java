package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstLog;

import java.util.List;

/**
 * The latency rows of a steady run, per measured trade (a burst's warm-up trades, if any, are not counted), all on
 * µs-since-epoch clocks:
 * <ul>
 * <li>exchange send → the product's {@code receiveTime} (when it read the frame): two processes on one host, both on
 * the system clock ({@code SystemEpochNanoClock}, µs);</li>
 * <li>the product's {@code receiveTime} → the first poll that saw the message: what the jar itself adds (inbox,
 * drain, pipeline, Camel, the file write) plus the poll's lateness;</li>
 * <li>exchange send → the first poll that saw the message in its file (an upper bound of the write, late by up to
 * one poll period): one process, one clock;</li>
 * <li>the trade's due time (release + {@link io.binancedata.fake.BurstPlan#dueMillis}) → exchange send, and → write
 * seen: how late the exchange sent (timer granularity, a busy machine, the reader's back-pressure holding it back),
 * and the whole delay including that wait;</li>
 * <li>the poll period itself (the resolution of the write times).</li>
 * </ul>
 */
final class LatencyTable {
    private final List<String> rows;

    private LatencyTable(List<String> rows) {
        this.rows = rows;
    }

    static LatencyTable of(JarRun.Result jar, int warmUpSeconds) {
        BurstLog burst = jar.burst();
        int streams = burst.plan().streams();
        int perStream = burst.plan().tradesPerStream();
        int firstMeasured = burst.plan().warmupTrades();
        long steadyFrom = burst.releaseEpochMicros() + warmUpSeconds * 1_000_000L;
        long[] read = new long[streams * perStream];
        long[] written = new long[streams * perStream];
        long[] readSteady = new long[streams * perStream];
        long[] writtenSteady = new long[streams * perStream];
        long[] inJarSteady = new long[streams * perStream];
        long[] sinceDue = new long[streams * perStream];
        long[] dueToSend = new long[streams * perStream];
        int all = 0;
        int steady = 0;
        for (int s = 0; s < streams; s++) {
            for (int i = firstMeasured; i < firstMeasured + perStream; i++) {
                long sent = burst.sendEpochMicros(s, i);
                long seen = jar.tail().seenEpochMicros(s, i);
                long received = jar.check().receiveEpochMicros(s, i);
                if (sent < 0 || seen == 0 || received == 0) {
                    continue;
                }
                read[all] = received - sent;
                long due = burst.releaseEpochMicros() + burst.plan().dueMillis(s, i - firstMeasured) * 1000;
                sinceDue[all] = seen - due;
                dueToSend[all] = sent - due;
                written[all++] = seen - sent;
                if (sent >= steadyFrom) {
                    readSteady[steady] = received - sent;
                    inJarSteady[steady] = seen - received;
                    writtenSteady[steady++] = seen - sent;
                }
            }
        }
        String after = "trades sent after the first " + warmUpSeconds + " s";
        return new LatencyTable(List.of(
                Latencies.of(read, all).row("exchange send → product `receiveTime`, all trades"),
                Latencies.of(readSteady, steady).row("exchange send → product `receiveTime`, " + after),
                Latencies.of(written, all).row("exchange send → write seen in the file, all trades"),
                Latencies.of(writtenSteady, steady).row("exchange send → write seen in the file, " + after),
                Latencies.of(inJarSteady, steady).row("product `receiveTime` → write seen in the file (the jar's own"
                        + " part, plus the poll's lateness), " + after),
                jar.delivery() == null ? "| product `receiveTime` → every sink took it (its own histogram"
                        + " `binance_stream_delivery_seconds`): not read | | | | | | |"
                        : jar.delivery().row("product `receiveTime` → every sink took it (the jar's own part alone:"
                                + " its histogram `binance_stream_delivery_seconds`, bucket bounds), trades delivered"
                                + " after the first " + warmUpSeconds + " s"),
                Latencies.of(dueToSend, all).row("trade due at the exchange → exchange send, all trades"),
                Latencies.of(sinceDue, all).row("trade due at the exchange → write seen in the file, all trades"),
                jar.tail().pollPeriods().row("file poll period (resolution of the write time; count = polls)")));
    }

    /**
     * The same steady run read by a bare client (its own JVM, a connection per stream, counting frames only):
     * exchange send → the client read the frame, both on the system clock — the floor that this machine, its kernel
     * and a WebSocket reader put under the jar's rows.
     */
    static List<String> bareRows(BurstLog burst, long[][] received, int warmUpSeconds, String client) {
        int streams = burst.plan().streams();
        int perStream = burst.plan().tradesPerStream();
        long steadyFrom = burst.releaseEpochMicros() + warmUpSeconds * 1_000_000L;
        long[] all = new long[streams * perStream];
        long[] steady = new long[streams * perStream];
        int allCount = 0;
        int steadyCount = 0;
        for (int s = 0; s < streams; s++) {
            for (int i = 0; i < perStream; i++) {
                long sent = burst.sendEpochMicros(s, i);
                long read = received[s][i];
                if (sent < 0 || read == 0) {
                    continue;
                }
                all[allCount++] = read - sent;
                if (sent >= steadyFrom) {
                    steady[steadyCount++] = read - sent;
                }
            }
        }
        return List.of(Latencies.of(all, allCount).row("exchange send → " + client + " read the frame, all trades"),
                Latencies.of(steady, steadyCount).row("exchange send → " + client + " read the frame, trades sent"
                        + " after the first " + warmUpSeconds + " s"));
    }

    /**
     * The smallest {@code receiveTime − send time} over all measured trades, µs: at least the true one-way delay (tens of µs)
     * when both clocks agree; more negative than -1 ms means the product's clock runs behind the exchange's.
     */
    static long minReceiveMinusSend(JarRun.Result jar) {
        BurstLog burst = jar.burst();
        long min = Long.MAX_VALUE;
        for (int s = 0; s < burst.plan().streams(); s++) {
            for (int i = burst.plan().warmupTrades(); i < burst.plan().tradesSentPerStream(); i++) {
                long sent = burst.sendEpochMicros(s, i);
                long received = jar.check().receiveEpochMicros(s, i);
                if (sent > 0 && received > 0) {
                    min = Math.min(min, received - sent);
                }
            }
        }
        return min;
    }

    List<String> rows() {
        return rows;
    }
}
