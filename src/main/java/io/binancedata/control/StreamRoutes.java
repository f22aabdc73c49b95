package io.binancedata.control;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.binancedata.api.EventProcessor;
import io.binancedata.config.BinanceSettings;
import io.binancedata.pipeline.FramePipeline;
import io.binancedata.pipeline.StreamDecoders;
import io.binancedata.route.DeadLetters;
import io.binancedata.route.EventProcessorAdapter;
import io.binancedata.route.FramePipelineProcessor;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.sequence.SequenceGuards;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamListener;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel side of {@link StreamManager}: one route per stream, created from the {@code binance-stream} route
 * template (routes/stream-template.yaml), started, and removed again; the listeners told of each. The manager decides
 * what to start and stop and serialises the calls under its lock.
 */
final class StreamRoutes {
    static final String TEMPLATE_ID = "binance-stream";
    /** The same route for a stream with a single sink (routes/stream-template.yaml). */
    static final String ONE_SINK_TEMPLATE_ID = "binance-stream-one-sink";
    /** The registry name of a stream's {@code EventProcessor} is this and the stream id. */
    private static final String PROCESSOR_PREFIX = "event-processor-";
    /** The manager's logger: a stream's start and stop read as the manager's, whichever class writes the line. */
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);
    private static final Set<StreamState> LIVE = Set.of(StreamState.CONNECTING, StreamState.STREAMING,
            StreamState.RECONNECTING, StreamState.STALLED);

    private final CamelContext camel;
    private final StreamRegistry registry;
    private final BinanceSettings settings;
    private final SequenceGuards guards;
    private final DeadLetters deadLetters;
    private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();

    StreamRoutes(CamelContext camel, StreamRegistry registry, BinanceSettings settings, SequenceGuards guards,
                 DeadLetters deadLetters) {
        this.camel = camel;
        this.registry = registry;
        this.settings = settings;
        this.guards = guards;
        this.deadLetters = deadLetters;
    }

    void addListener(StreamListener listener) {
        listeners.add(listener);
    }

    /** Creates the endpoint of every {@code spool:} sink in the lists: what a previous run spooled is sent now. */
    void openSpools(List<String> sinkLists) {
        for (String sinks : sinkLists) {
            for (String sink : sinks.split(",")) {
                if (sink.startsWith("spool:")) {
                    camel.getEndpoint(sink);
                }
            }
        }
    }

    /** Whether the stream's route exists and is started, and the stream is connecting or connected. */
    boolean isLive(String id) {
        return exists(id) && camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started
                && registry.find(id).map(s -> LIVE.contains(s.state())).orElse(false);
    }

    /** Whether the stream's route goes to an {@code EventProcessor} (the Java API) instead of the configured sinks. */
    boolean hasProcessor(String id) {
        return processorOf(id) != null;
    }

    /** The EventProcessor the stream's route goes to; null when it goes to the configured sinks (or has no route). */
    EventProcessor processorOf(String id) {
        Object bound = camel.getRegistry().lookupByName(PROCESSOR_PREFIX + id);
        return bound instanceof EventProcessorAdapter adapter ? adapter.target() : null;
    }

    boolean exists(String id) {
        return camel.getRoute(id) != null;
    }

    /** Adds and starts the stream's route: to the configured sinks of its kind, or only to {@code processor}. */
    void add(StreamStatus status, EventProcessor processor) throws Exception {
        String id = status.key().id();
        String sinks;
        String shownSinks;
        if (processor != null) {
            String bean = PROCESSOR_PREFIX + id;
            camel.getRegistry().bind(bean, new EventProcessorAdapter(id, processor));
            sinks = "bean:" + bean;
            shownSinks = sinks;
        } else {
            boolean trade = status.key().kind() == StreamKind.TRADE;
            sinks = trade ? settings.tradeSinks() : settings.klineSinks();
            shownSinks = trade ? settings.tradeSinkNames() : settings.klineSinkNames();
        }
        // a run to an EventProcessor keeps a position of its own: the sinks did not get its events
        SequenceGuard guard = guards.open(status, processor != null);
        FramePipeline pipeline = new FramePipeline(guard, StreamDecoders.of(status.key()),
                status.key().kind() == StreamKind.TRADE || settings.emitAllKlineUpdates(),
                deadLetters.forStream(status.key()));
        TemplatedRouteBuilder.builder(camel, sinks.contains(",") ? TEMPLATE_ID : ONE_SINK_TEMPLATE_ID)
                .routeId(id)
                .parameter("streamId", id)
                .parameter("sinks", sinks)
                .bean("framePipeline", new FramePipelineProcessor(pipeline))
                .add();
        if (camel.getRouteController().getRouteStatus(id) != ServiceStatus.Started) {
            camel.getRouteController().startRoute(id);
        }
        listeners.forEach(l -> l.started(status));
        LOG.info("Stream {} started ({} -> {})", id, status.key().streamName(), shownSinks);
    }

    /**
     * Stops and removes the stream's route, if it has one — with its own endpoints; the sinks, shared by the streams
     * of a kind, stay ({@code BinanceCamelContext}) — and unbinds its EventProcessor, if any.
     */
    void remove(String id) throws Exception {
        if (exists(id)) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
            listeners.forEach(l -> l.removed(id));
        }
        camel.getRegistry().unbind(PROCESSOR_PREFIX + id);
    }
}
