package io.binancedata.management;

import java.util.List;
import java.util.Map;

import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the product's streams, read from the {@link StreamRegistry}: DOWN while any stream that was started
 * (not STOPPED) is FAILED or STALLED, or its last batch was refused by a sink, with the details naming them. Readiness only: a failing stream is retried by
 * the product itself, so restarting the process (what a liveness failure asks for) would not help.
 */
public final class StreamsHealthCheck extends AbstractHealthCheck {
    /** Health-check id as listed by Camel ({@code binance-streams}). */
    public static final String ID = "binance-streams";

    private final StreamRegistry registry;

    public StreamsHealthCheck(StreamRegistry registry) {
        super("binance", ID);
        this.registry = registry;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<StreamStatus> active = registry.all().stream().filter(s -> s.state() != StreamState.STOPPED).toList();
        List<String> failed = ids(active, StreamState.FAILED);
        List<String> stalled = ids(active, StreamState.STALLED);
        List<String> sinkFailing = active.stream().filter(s -> s.sinkFailure() != null).map(s -> s.key().id()).toList();
        builder.detail("streams.active", active.size());
        builder.detail("streams.streaming", ids(active, StreamState.STREAMING).size());
        if (failed.isEmpty() && stalled.isEmpty() && sinkFailing.isEmpty()) {
            builder.up();
            return;
        }
        if (!failed.isEmpty()) {
            builder.detail("streams.failed", String.join(",", failed));
        }
        if (!stalled.isEmpty()) {
            builder.detail("streams.stalled", String.join(",", stalled));
        }
        StringBuilder message = new StringBuilder();
        if (!failed.isEmpty()) {
            message.append("FAILED: ").append(String.join(", ", failed));
        }
        if (!stalled.isEmpty()) {
            message.append(message.isEmpty() ? "" : "; ").append("STALLED: ").append(String.join(", ", stalled));
        }
        if (!sinkFailing.isEmpty()) {
            builder.detail("streams.sinkFailing", String.join(",", sinkFailing));
            message.append(message.isEmpty() ? "" : "; ").append("SINK FAILING: ").append(String.join(", ", sinkFailing));
        }
        builder.message(message.toString()).down();
    }

    private static List<String> ids(List<StreamStatus> streams, StreamState state) {
        return streams.stream().filter(s -> s.state() == state).map(s -> s.key().id()).toList();
    }
}
