package io.binancedata.route;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.stream.EventBatch;
import io.binancedata.pipeline.FrameRejects;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamStatus;
import io.binancedata.threads.DaemonThreads;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letter of every stream: what could not be delivered is written to {@code binance.sink.dead-letter} as one
 * JSON line per frame, {@code {"streamId","stream","receiveTime","step","reason","frame"}}, the frame kept verbatim as
 * it was received, whichever step refused it ({@code decode}: not a valid event; {@code sink}: a sink failed; {@code
 * pipeline}: an unexpected error; {@code route}: a message of a shared connection that reached no stream). Counted on
 * the stream's status; logged at WARN, at most once per stream every {@link #LOG_INTERVAL_SECONDS} seconds (with how
 * many came since), so a flood of bad frames or a dead disk cannot flood the log; a failed exchange's exception is
 * logged with it, cause and stack trace. When the dead letter itself cannot be written, that is logged (rate-limited
 * too, with its cause) and counted.
 */
public final class DeadLetters {
    static final long LOG_INTERVAL_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final CamelContext camel;
    private final StreamRegistry registry;
    private final String uri;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, RateLimit> logs = new ConcurrentHashMap<>();
    private final AtomicLong lost = new AtomicLong();
    private volatile ProducerTemplate producer;
    private volatile ExecutorService unroutedWriter;
    /** Messages that reached no stream waiting for their dead-letter write, at most. */
    static final int UNROUTED_QUEUE = 10_000;
    /** How long {@link #drainUnrouted()} waits for the messages that reached no stream to be written, at most. */
    static final long DRAIN_SECONDS = 10;

    public DeadLetters(CamelContext camel, StreamRegistry registry, String uri) {
        this.camel = camel;
        this.registry = registry;
        this.uri = uri;
    }

    /** Where one stream's pipeline sends the frames it refuses. */
    public FrameRejects forStream(StreamKey key) {
        return (frame, receiveTime, step, reason) -> {
            log(key.id(), step, reason, 1, null);
            boolean written = write(line(key.id(), key.streamName(), receiveTime, step, reason, frame), key.id(), 1);
            StreamStatus status = registry.find(key.id()).orElse(null);
            if (status != null && written) {
                status.onDeadLetter(); // counted last, as in onFailure
            }
        };
    }

    /**
     * The stream routes' error policy: the exchange failed after its frames were read (a sink, or an unexpected
     * error); every frame it carried is dead-lettered and the stream's status told that a delivery failed.
     */
    public void onFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : reason(cause);
        String streamId = exchange.getMessage().getHeader(StreamHeaders.STREAM_ID, String.class);
        String stream = exchange.getMessage().getHeader(StreamHeaders.STREAM, String.class);
        Object delivered = exchange.getProperty(StreamHeaders.EVENTS_PROPERTY);
        Object body = delivered != null ? delivered : exchange.getMessage().getBody();
        StringBuilder lines = new StringBuilder();
        int frames = 0;
        if (body instanceof EventBatch events) {
            for (int i = 0; i < events.count(); i++) {
                lines.append(line(streamId, stream, events.receiveTimeMicros(i), "sink", reason, events.rawFrame(i)));
            }
            frames = events.count();
        } else if (body instanceof FrameBatch batch) {
            for (int i = 0; i < batch.count(); i++) {
                lines.append(line(streamId, stream, batch.receiveTimeMicros(i), "pipeline", reason, batch.text(i)));
            }
            frames = batch.count();
        }
        log(streamId, "sink", reason, frames, cause);
        boolean written = frames > 0 && write(lines.toString(), streamId, frames);
        // counted last: whoever sees the count finds the log line and the dead-letter records already there
        StreamStatus status = streamId == null ? null : registry.find(streamId).orElse(null);
        if (status != null) {
            status.onDeliveryFailed(frames, reason);
            if (written) {
                status.onDeadLetters(frames);
            }
        }
    }

    /**
     * A message of a shared connection that reached no stream (malformed: no {@code stream} and {@code data}; data of a
     * stream the connection does not carry; an answer to no request): written as a record of step {@code route},
     * {@code streamId} and {@code stream} null, the reason naming the connection. Called on the connection's reader
     * thread, so the write is handed to a thread of its own ({@value #UNROUTED_QUEUE} records may wait; beyond, they
     * are lost to the dead letter, counted and logged).
     */
    public void unrouted(String connection, String message, long receiveTimeMicros, String why) {
        String reason = connection + ": " + why;
        try {
            unroutedWriter().execute(() -> {
                log(connection, "route", why, 1, null);
                write(line(null, null, receiveTimeMicros, "route", reason, message), connection, 1);
            });
        } catch (RejectedExecutionException e) {
            lostOne("unrouted-lost", skipped -> LOG.error("Connection {}: {} messages that reached no stream wait for "
                    + "the dead letter already; this one is lost to it ({} more since the last report)", connection,
                    UNROUTED_QUEUE, skipped));
        }
    }

    private ExecutorService unroutedWriter() {
        ExecutorService w = unroutedWriter;
        if (w == null) {
            synchronized (this) {
                if (unroutedWriter == null) {
                    unroutedWriter = DaemonThreads.idleEnding(1, UNROUTED_QUEUE,
                            DaemonThreads.named("binance-dead-letter"));
                }
                w = unroutedWriter;
            }
        }
        return w;
    }

    /**
     * Writes what still waits for the dead letter among the messages that reached no stream, and returns once it is
     * written, or after {@value #DRAIN_SECONDS} s (what is left is then counted lost and logged): called when the
     * connections have closed, so that no such message dies with the writer's daemon thread when the process exits.
     * A message that reaches no stream later starts a writer anew.
     */
    public void drainUnrouted() {
        ExecutorService w;
        synchronized (this) {
            w = unroutedWriter;
            unroutedWriter = null;
        }
        if (w == null) {
            return;
        }
        w.shutdown();
        boolean written;
        try {
            written = w.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            written = false;
        }
        if (!written) {
            int left = w.shutdownNow().size();
            lost.addAndGet(left);
            LOG.error("{} messages that reached no stream were not written to the dead letter {} within {} s of the "
                    + "stop; they are lost to it", left, uri, DRAIN_SECONDS);
        }
    }

    /**
     * Frames the dead letter could not take since start (its writes failed, or its queue was full): lost to it, the
     * log says so ({@code binance_dead_letters_lost_total}); not counted as dead-lettered.
     */
    public long lost() {
        return lost.get();
    }

    private String line(String streamId, String stream, long receiveTime, String step, String reason, String frame) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("streamId", streamId);
        record.put("stream", stream);
        record.put("receiveTime", receiveTime);
        record.put("step", step);
        record.put("reason", reason);
        record.put("frame", frame);
        try {
            return json.writeValueAsString(record) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a dead-letter record as JSON", e);
        }
    }

    /**
     * Writes the records of {@code frames} frames; returns whether the dead letter took them (if not, they are counted
     * lost to it and an ERROR says so: they count as dead-lettered only once written).
     */
    private boolean write(String lines, String streamId, int frames) {
        try {
            producer().sendBody(uri, lines);
            return true;
        } catch (RuntimeException e) {
            lost(frames, "lost", skipped -> LOG.error("Stream {}: the dead letter {} cannot be written ({}); {} "
                    + "frame(s) lost to it; {} more such failures since the last report", streamId, uri, reason(e),
                    frames, skipped, e));
            return false;
        }
    }

    private void lostOne(String kind, LongConsumer report) {
        lost(1, kind, report);
    }

    /**
     * Counts records lost to the dead letter and reports it through {@code report} (given how many went unreported
     * since), at most once per {@link #LOG_INTERVAL_SECONDS} seconds per {@code kind}.
     */
    private void lost(int frames, String kind, LongConsumer report) {
        lost.addAndGet(frames);
        RateLimit limit = logs.computeIfAbsent(kind, k -> new RateLimit());
        long skipped = limit.due();
        if (skipped >= 0) {
            report.accept(skipped);
        } else {
            limit.skip();
        }
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    /**
     * {@code cause}: the exception an exchange failed with (logged with its stack trace: a sink's failure or a bug),
     * or null for a frame the pipeline refused, which {@code reason} explains in full.
     */
    private void log(String streamId, String step, String reason, int frames, Throwable cause) {
        RateLimit limit = logs.computeIfAbsent(streamId + "/" + step, k -> new RateLimit());
        long skipped = limit.due();
        if (skipped >= 0) {
            LOG.warn("{} {}: {} frame(s) dead-lettered at step {}: {}{}",
                    "route".equals(step) ? "Connection" : "Stream", streamId, frames, step, reason,
                    skipped > 0 ? " (" + skipped + " more dead letters of this step since the last report)" : "",
                    cause);
        } else {
            limit.skip();
        }
    }

    static String reason(Throwable cause) {
        String message = cause.getMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline > 0 ? message.substring(0, newline) : message;
        }
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** At most one report per interval, counting what was left out. */
    private static final class RateLimit {
        private long lastNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS);
        private long skipped;

        /** -1 when not due; else the number skipped since the last report (and the report is taken). */
        synchronized long due() {
            long now = System.nanoTime();
            if (now - lastNanos < TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS)) {
                return -1;
            }
            lastNanos = now;
            long s = skipped;
            skipped = 0;
            return s;
        }

        synchronized void skip() {
            skipped++;
        }
    }
}
