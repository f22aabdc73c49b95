package io.binancedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.binancedata.stream.EventBatch;
import io.binancedata.pipeline.FramePipeline;
import io.binancedata.pipeline.StreamDecoders;
import io.binancedata.route.DeadLetters;
import io.binancedata.route.FramePipelineProcessor;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Batches of frames through one real stream route: the product's {@code routes/stream-template.yaml} and
 * {@code routes/error-policy.yaml}, loaded into a plain Camel context, with a {@code direct:} endpoint in place of the
 * {@code binance-ws} consumer (the scheme {@code binance-ws} is bound to Camel's direct component). Per batch, as
 * {@code BinanceWebSocketConsumer} does: the frames copied into a {@link FrameBatch} (the socket reader's work), one
 * exchange with the stream headers through the route (the frame pipeline — sequence guard, JSON → SBE, emit filter —
 * then the recipient list and the sink), then the delivered messages counted on the stream's status. {@code memory}
 * counts what reaches it; {@code file} is the product's {@code sbe-file:} sink writing to {@code target/bench-sbe-file}.
 * <p>
 * One JMH operation is one frame: {@link #batch()} sends a batch of {@value #BATCH} BTCUSDT trade frames
 * ({@code @OperationsPerInvocation}), so its time and bytes are per frame, amortised over the batch (what a busy
 * stream pays); {@link #single()} sends a batch of one frame (what a quiet stream pays per frame). The recorded
 * trades are used up to a multiple of {@value #BATCH}; when they start over, the stream gets a fresh sequence guard.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamRouteBenchmark {
    static final int BATCH = 100;
    private static final long RECEIVE_TIME = 1_723_161_255_343_000L;
    private static final Path FILE_SINK_DIR = Path.of("target/bench-sbe-file");

    @Param({"memory", "file"})
    public String sink;

    /** Camel's JMX statistics level (camel.main.jmx-management-statistics-level): the product's default is RoutesOnly. */
    @Param({"RoutesOnly", "Default"})
    public String statistics;

    /** The route template: with one sink the product uses binance-stream-one-sink (a `to`), with several the recipient list. */
    @Param({"binance-stream-one-sink", "binance-stream"})
    public String template;

    private CamelContext camel;
    private MemorySinkComponent memory;
    private Stream1[] streams;
    private long finalFramesSent;

    /** One stream: its frames, its route's endpoint and producer, its pipeline (renewed when its frames start over). */
    private static final class Stream1 {
        final StreamKey key;
        final String id;
        final String streamName;
        final StreamStatus status;
        final List<String> frames = new ArrayList<>();
        final FrameBatch batch = new FrameBatch();
        int next;
        Processor pipeline;
        Endpoint endpoint;
        Producer producer;

        Stream1(StreamKey key, StreamStatus status) {
            this.key = key;
            this.id = key.id();
            this.streamName = key.streamName();
            this.status = status;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StreamRegistry registry = new StreamRegistry();
        StreamKey btc = StreamKey.trade("BTCUSDT");
        Stream1 trades = new Stream1(btc, registry.register(btc, true));
        List<String> recorded = BenchData.btcusdtTrades();
        trades.frames.addAll(recorded.subList(0, recorded.size() / BATCH * BATCH));
        streams = new Stream1[] {trades};
        deleteFileSinkDir();
        camel = new DefaultCamelContext();
        camel.getManagementStrategy().getManagementAgent()
                .setStatisticsLevel(ManagementStatisticsLevel.valueOf(statistics));
        camel.addComponent("binance-ws", new DirectComponent());
        memory = new MemorySinkComponent();
        camel.addComponent("mem", memory);
        DeadLetters deadLetters = new DeadLetters(camel, registry, "log:dead-letter?level=WARN");
        camel.getRegistry().bind("deadLetters", deadLetters);
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/error-policy.yaml"),
                ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/stream-template.yaml"));
        camel.start();
        for (Stream1 stream : streams) {
            renewPipeline(stream, deadLetters);
            Stream1 s = stream;
            TemplatedRouteBuilder.builder(camel, template)
                    .routeId(stream.id)
                    .parameter("streamId", stream.id)
                    .parameter("sinks", "memory".equals(sink) ? "mem:bench" : "sbe-file:" + FILE_SINK_DIR.toAbsolutePath())
                    .bean("framePipeline", (Processor) exchange -> s.pipeline.process(exchange))
                    .add();
            if (!camel.getRouteController().getRouteStatus(stream.id).isStarted()) {
                camel.getRouteController().startRoute(stream.id);
            }
            stream.endpoint = camel.getEndpoint("binance-ws:" + stream.id);
            stream.producer = stream.endpoint.createProducer();
            stream.producer.start();
        }
        this.deadLetters = deadLetters;
    }

    private DeadLetters deadLetters;

    /** A fresh guard (and so pipeline) for a stream whose recorded frames start over: no frame is a duplicate. */
    private static void renewPipeline(Stream1 stream, DeadLetters deadLetters) {
        stream.pipeline = new FramePipelineProcessor(new FramePipeline(new SequenceGuard(stream.status, GapFiller.NONE),
                StreamDecoders.of(stream.key), stream.key.kind() == StreamKind.TRADE, deadLetters.forStream(stream.key)));
    }

    /**
     * The run is valid when no frame was dead-lettered or dropped by a guard (duplicate, gap) and exactly the final
     * frames were encoded (trades: every frame; klines with emit=closed: the closed candles) and reached the sink.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (Stream1 stream : streams) {
            stream.producer.stop();
        }
        camel.close();
        deleteFileSinkDir();
        long delivered = 0;
        for (Stream1 stream : streams) {
            StreamStatus status = stream.status;
            delivered += status.messages();
            if (status.deadLettered() != 0 || status.duplicates() != 0 || status.gapsUnfilled() != 0
                    || status.messages() == 0) {
                throw new IllegalStateException("Benchmark invalid: " + stream.id + ": " + status.messages()
                        + " messages delivered, " + status.deadLettered() + " dead-lettered, " + status.duplicates()
                        + " duplicates, " + status.gapsUnfilled() + " gaps");
            }
        }
        if (delivered != finalFramesSent) {
            throw new IllegalStateException("Benchmark invalid: " + finalFramesSent + " final frames sent, "
                    + delivered + " messages delivered");
        }
        if ("memory".equals(sink) && memory.messages() != delivered) {
            throw new IllegalStateException("Benchmark invalid: " + delivered + " messages delivered, "
                    + memory.messages() + " reached the sink");
        }
    }

    /** {@value #BATCH} trade frames through the route as one exchange; one JMH operation per frame. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() throws Exception {
        return send(BATCH);
    }

    /** One trade frame through the route as its own exchange. */
    @Benchmark
    public long single() throws Exception {
        return send(1);
    }

    private long send(int frames) throws Exception {
        Stream1 stream = streams[0];
        FrameBatch batch = stream.batch;
        batch.clear();
        if (stream.next == stream.frames.size()) {
            stream.next = 0;
            renewPipeline(stream, deadLetters);
        }
        for (int i = 0; i < frames; i++) {
            batch.append(stream.frames.get(stream.next++), RECEIVE_TIME);
        }
        finalFramesSent += frames;
        send(stream, batch);
        return stream.status.messages();
    }

    /** What BinanceWebSocketConsumer.drain does with a batch. */
    private static void send(Stream1 stream, FrameBatch frames) throws Exception {
        Exchange exchange = stream.endpoint.createExchange();
        Message in = exchange.getIn();
        in.setBody(frames);
        in.setHeader(StreamHeaders.STREAM_ID, stream.id);
        in.setHeader(StreamHeaders.STREAM, stream.streamName);
        in.setHeader(StreamHeaders.SYMBOL, stream.key.symbol());
        in.setHeader(StreamHeaders.KIND, stream.key.kind().code());
        if (stream.key.kind() == StreamKind.KLINE) {
            in.setHeader(StreamHeaders.INTERVAL, stream.key.interval());
        }
        stream.producer.process(exchange);
        if (exchange.getException() != null || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
            throw new IllegalStateException("Batch failed", exchange.getException());
        }
        EventBatch events = exchange.getProperty(StreamHeaders.EVENTS_PROPERTY, EventBatch.class);
        if (events == null) {
            throw new IllegalStateException("Batch without its events");
        }
        // the counters, the lag and the delivery histograms, once per batch as the consumer does
        stream.status.onMessages(events, System.currentTimeMillis() * 1000);
    }

    private static void deleteFileSinkDir() throws IOException {
        if (Files.exists(FILE_SINK_DIR)) {
            try (Stream<Path> files = Files.walk(FILE_SINK_DIR)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
