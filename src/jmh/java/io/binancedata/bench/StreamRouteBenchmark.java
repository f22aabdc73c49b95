package io.binancedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.binancedata.codec.EventMapper;
import io.binancedata.codec.TradeEvent;
import io.binancedata.route.DeadLetterRecorder;
import io.binancedata.route.SbeEncodingProcessor;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One trade frame through one real stream route: the product's {@code routes/stream-template.yaml} and
 * {@code routes/error-policy.yaml}, loaded into a plain Camel context, with a {@code direct:} endpoint in place of the
 * {@code binance-ws} consumer (the scheme {@code binance-ws} is bound to Camel's direct component). Per frame, as
 * {@code BinanceWebSocketConsumer} does: {@link SequenceGuard}, a new Exchange with the stream headers, the route
 * (Jackson unmarshal, filter, {@link SbeEncodingProcessor}, recipient list) and the sink: {@code memory} counts the
 * bytes, {@code file} is the product's {@code sbe-file:} sink writing to {@code target/bench-sbe-file}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamRouteBenchmark {
    private static final String STREAM_ID = "trade-btcusdt";
    private static final Path FILE_SINK_DIR = Path.of("target/bench-sbe-file");

    @Param({"memory", "file"})
    public String sink;

    private String[] trades;
    private int nextTrade;
    private CamelContext camel;
    private MemorySinkComponent memory;
    private StreamKey key;
    private StreamStatus status;
    private SequenceGuard guard;
    private Endpoint endpoint;
    private Producer producer;
    private final SequenceGuard.Delivery delivery = this::send;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        trades = BenchData.btcusdtTrades().toArray(new String[0]);
        deleteFileSinkDir();
        key = StreamKey.trade("BTCUSDT");
        StreamRegistry registry = new StreamRegistry();
        status = registry.register(key, true);
        guard = new SequenceGuard(status, GapFiller.NONE);
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().addInitialProperty("binance.sink.dead-letter", "log:dead-letter?level=WARN");
        camel.addComponent("binance-ws", new DirectComponent());
        memory = new MemorySinkComponent();
        camel.addComponent("mem", memory);
        camel.getRegistry().bind("binanceEventMapper", EventMapper.create());
        camel.getRegistry().bind("deadLetterRecorder", new DeadLetterRecorder(registry));
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/error-policy.yaml"),
                ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/stream-template.yaml"));
        camel.start();
        TemplatedRouteBuilder.builder(camel, "binance-stream")
                .routeId(STREAM_ID)
                .parameter("streamId", STREAM_ID)
                .parameter("eventType", TradeEvent.class.getName())
                .parameter("emit", "all")
                .parameter("sinks", "memory".equals(sink) ? "mem:bench" : "sbe-file:" + FILE_SINK_DIR.toAbsolutePath())
                .bean("sbeEncoder", new SbeEncodingProcessor(status))
                .add();
        if (!camel.getRouteController().getRouteStatus(STREAM_ID).isStarted()) {
            camel.getRouteController().startRoute(STREAM_ID);
        }
        endpoint = camel.getEndpoint("binance-ws:" + STREAM_ID);
        producer = endpoint.createProducer();
        producer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        producer.stop();
        camel.close();
        deleteFileSinkDir();
        if (status.deadLettered() != 0 || status.duplicates() != 0 || status.gapsUnfilled() != 0
                || status.messages() == 0) {
            throw new IllegalStateException("Benchmark invalid: " + status.messages() + " messages encoded, "
                    + status.deadLettered() + " dead-lettered, " + status.duplicates() + " duplicates, "
                    + status.gapsUnfilled() + " gaps");
        }
        if ("memory".equals(sink) && memory.messages() != status.messages()) {
            throw new IllegalStateException("Benchmark invalid: " + status.messages() + " messages encoded, "
                    + memory.messages() + " reached the sink");
        }
    }

    /** One BTCUSDT trade frame through the stream route into the sink. */
    @Benchmark
    public long frame() {
        if (nextTrade == trades.length) {
            nextTrade = 0;
            guard = new SequenceGuard(status, GapFiller.NONE);
        }
        String frame = trades[nextTrade++];
        guard.onFrame(frame, 1_723_161_255_343_000L, delivery);
        return status.messages();
    }

    /** What BinanceWebSocketConsumer.process does for each frame the guard delivers. */
    private void send(String frame, boolean backfilled, long receiveTimeMicros) {
        Exchange exchange = endpoint.createExchange();
        Message in = exchange.getIn();
        in.setBody(frame);
        in.setHeader(StreamHeaders.STREAM_ID, STREAM_ID);
        in.setHeader(StreamHeaders.STREAM, "btcusdt@trade");
        in.setHeader(StreamHeaders.SYMBOL, "BTCUSDT");
        in.setHeader(StreamHeaders.KIND, "trade");
        in.setHeader(StreamHeaders.RECEIVE_TIME, receiveTimeMicros);
        try {
            producer.process(exchange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (exchange.getException() != null) {
            throw new IllegalStateException("Frame failed", exchange.getException());
        }
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
