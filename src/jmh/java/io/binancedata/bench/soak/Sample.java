package io.binancedata.bench.soak;

import java.util.List;

/**
 * One sample of the soak, taken every minute: the jar's process (heap after a full GC, metaspace, live threads, open
 * file descriptors, resident memory, CPU time), its spool on disk, and what the sinks and the exchange have counted.
 *
 * @param second        seconds since the burst's release
 * @param heapAfterGcKb heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), KiB
 * @param metaspaceKb   metaspace in use, KiB
 * @param threads       the process's live threads ({@code /proc/<pid>/status})
 * @param fds           its open file descriptors ({@code /proc/<pid>/fd})
 * @param rssKb         its resident set ({@code VmRSS}), KiB
 * @param cpuMillis     CPU time it has used since it started, ms
 * @param spoolFiles    files under {@code <binance.file.dir>/spool}
 * @param spoolBytes    their bytes
 * @param fileTrades    trades in the {@code sbe-file} output (bytes / message length)
 * @param httpUnique    distinct trades the HTTP sink accepted
 * @param httpRefused   deliveries the HTTP sink refused (outages)
 * @param deadLetters   lines in the dead-letter files
 * @param connections   WebSocket connections the exchange accepted
 * @param resets        connections the exchange dropped
 * @param malformed     malformed frames the exchange sent
 * @param sinkDown      whether the HTTP sink was refusing when the sample was taken
 */
record Sample(long second, long heapAfterGcKb, long metaspaceKb, long threads, long fds, long rssKb, long cpuMillis,
              long spoolFiles, long spoolBytes, long fileTrades, long httpUnique, long httpRefused, long deadLetters,
              long connections, long resets, long malformed, boolean sinkDown) {

    static final String CSV_HEADER = "second,heap_after_gc_kib,metaspace_kib,threads,fds,rss_kib,cpu_ms,spool_files,"
            + "spool_bytes,file_trades,http_unique,http_refused,dead_letters,connections,resets,malformed,sink_down";

    String csv() {
        return String.join(",", List.of(String.valueOf(second), String.valueOf(heapAfterGcKb),
                String.valueOf(metaspaceKb), String.valueOf(threads), String.valueOf(fds), String.valueOf(rssKb),
                String.valueOf(cpuMillis), String.valueOf(spoolFiles), String.valueOf(spoolBytes),
                String.valueOf(fileTrades), String.valueOf(httpUnique), String.valueOf(httpRefused),
                String.valueOf(deadLetters), String.valueOf(connections), String.valueOf(resets),
                String.valueOf(malformed), String.valueOf(sinkDown)));
    }
}
