package io.binancedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.TradeEvent;
import io.binancedata.route.DeadLetterRecorder;
import io.binancedata.route.EmitFilter;
import io.binancedata.route.SbeEncodingProcessor;
import io.binancedata.sequence.FrameScanner;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
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
 * One frame through one real stream route: the product's {@code routes/stream-template.yaml} and
 * {@code routes/error-policy.yaml}, loaded into a plain Camel context, with a {@code direct:} endpoint in place of the
 * {@code binance-ws} consumer (the scheme {@code binance-ws} is bound to Camel's direct component). Per frame, as
 * {@code BinanceWebSocketConsumer} does: {@link SequenceGuard}, a new Exchange with the stream headers, the route
 * (Jackson unmarshal, {@link EmitFilter}, {@link SbeEncodingProcessor}, recipient list) and the sink: {@code memory} counts the
 * bytes, {@code file} is the product's {@code sbe-file:} sink writing to {@code target/bench-sbe-file}.
 * <p>
 * {@code kind=trade}: the BTCUSDT trade frames through the route {@code trade-btcusdt}. {@code kind=kline}: the
 * kline_1m updates of BTCUSDT, ETHUSDT and DOTUSDT, each through its symbol's own route, guard and encoder (as in the
 * product), with the default {@code binance.kline.emit=closed}: every update is unmarshalled and filtered, only the
 * final version of a candle is encoded and reaches the sink.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamRouteBenchmark {
    private static final long RECEIVE_TIME = 1_723_161_255_343_000L;
    private static final Path FILE_SINK_DIR = Path.of("target/bench-sbe-file");

    @Param({"memory", "file"})
    public String sink;

    @Param({"trade", "kline"})
    public String kind;

    private String[] frames;
    /** Per frame: the index of its stream in {@link #streams}. */
    private int[] frameStream;
    /** Per frame: whether it is the final version of its candle ({@code k.x}; trades: always). */
    private boolean[] finalFrame;
    private int nextFrame;
    private long finalFramesSent;
    private CamelContext camel;
    private MemorySinkComponent memory;
    private StreamRoute[] streams;
    private int current;
    private final SequenceGuard.Delivery delivery = this::send;

    /** One stream: its route's endpoint and producer, its guard and counters. */
    private static final class StreamRoute {
        final StreamKey key;
        /** key.id() and key.streamName() built once, as BinanceWebSocketConsumer keeps them. */
        final String id;
        final String streamName;
        final StreamStatus status;
        SequenceGuard guard;
        Endpoint endpoint;
        Producer producer;

        StreamRoute(StreamKey key, StreamStatus status) {
            this.key = key;
            this.id = key.id();
            this.streamName = key.streamName();
            this.status = status;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean klines = "kline".equals(kind);
        frames = (klines ? BenchData.klines() : BenchData.btcusdtTrades()).toArray(new String[0]);
        frameStream = new int[frames.length];
        finalFrame = new boolean[frames.length];
        Map<String, Integer> symbols = new LinkedHashMap<>();
        for (int i = 0; i < frames.length; i++) {
            String frame = frames[i];
            int symbolStart = frame.indexOf("\"s\":\"") + 5;
            String symbol = frame.substring(symbolStart, frame.indexOf('"', symbolStart));
            frameStream[i] = symbols.computeIfAbsent(symbol, s -> symbols.size());
            finalFrame[i] = !klines || FrameScanner.booleanField(frame, "x") == 1;
        }
        deleteFileSinkDir();
        StreamRegistry registry = new StreamRegistry();
        streams = new StreamRoute[symbols.size()];
        symbols.forEach((symbol, i) -> {
            StreamKey key = klines ? StreamKey.kline(symbol, "1m") : StreamKey.trade(symbol);
            streams[i] = new StreamRoute(key, registry.register(key, true));
        });
        resetGuards();
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
        for (StreamRoute stream : streams) {
            String id = stream.key.id();
            TemplatedRouteBuilder.builder(camel, "binance-stream")
                    .routeId(id)
                    .parameter("streamId", id)
                    .parameter("eventType", (klines ? KlineEvent.class : TradeEvent.class).getName())
                    .parameter("sinks", "memory".equals(sink) ? "mem:bench" : "sbe-file:" + FILE_SINK_DIR.toAbsolutePath())
                    .bean("sbeEncoder", new SbeEncodingProcessor(stream.status))
                    .bean("emitFilter", klines ? EmitFilter.CLOSED : EmitFilter.ALL)
                    .add();
            if (!camel.getRouteController().getRouteStatus(id).isStarted()) {
                camel.getRouteController().startRoute(id);
            }
            stream.endpoint = camel.getEndpoint("binance-ws:" + id);
            stream.producer = stream.endpoint.createProducer();
            stream.producer.start();
        }
    }

    private void resetGuards() {
        for (StreamRoute stream : streams) {
            stream.guard = new SequenceGuard(stream.status, GapFiller.NONE);
        }
    }

    /**
     * The run is valid when no frame was dead-lettered or dropped by a guard (duplicate, gap) and exactly the final
     * frames were encoded (trades: every frame; klines with emit=closed: the closed candles) and reached the sink.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (StreamRoute stream : streams) {
            stream.producer.stop();
        }
        camel.close();
        deleteFileSinkDir();
        long encoded = 0;
        for (StreamRoute stream : streams) {
            StreamStatus status = stream.status;
            encoded += status.messages();
            if (status.deadLettered() != 0 || status.duplicates() != 0 || status.gapsUnfilled() != 0
                    || status.messages() == 0) {
                throw new IllegalStateException("Benchmark invalid: " + stream.key.id() + ": " + status.messages()
                        + " messages encoded, " + status.deadLettered() + " dead-lettered, " + status.duplicates()
                        + " duplicates, " + status.gapsUnfilled() + " gaps");
            }
        }
        if (encoded != finalFramesSent) {
            throw new IllegalStateException("Benchmark invalid: " + finalFramesSent + " final frames sent, "
                    + encoded + " messages encoded");
        }
        if ("memory".equals(sink) && memory.messages() != encoded) {
            throw new IllegalStateException("Benchmark invalid: " + encoded + " messages encoded, "
                    + memory.messages() + " reached the sink");
        }
    }

    /** One frame (BTCUSDT trade, or kline_1m update of one of three symbols) through its stream route. */
    @Benchmark
    public long frame() {
        if (nextFrame == frames.length) {
            nextFrame = 0;
            resetGuards();
        }
        current = nextFrame++;
        StreamRoute stream = streams[frameStream[current]];
        stream.guard.onFrame(frames[current], RECEIVE_TIME, delivery);
        return stream.status.messages();
    }

    /** What BinanceWebSocketConsumer.process does for each frame the guard delivers. */
    private void send(String frame, boolean backfilled, long receiveTimeMicros) {
        StreamRoute stream = streams[frameStream[current]];
        StreamKey key = stream.key;
        Exchange exchange = stream.endpoint.createExchange();
        Message in = exchange.getIn();
        in.setBody(frame);
        in.setHeader(StreamHeaders.STREAM_ID, stream.id);
        in.setHeader(StreamHeaders.STREAM, stream.streamName);
        in.setHeader(StreamHeaders.SYMBOL, key.symbol());
        in.setHeader(StreamHeaders.KIND, key.kind().code());
        if (key.kind() == StreamKind.KLINE) {
            in.setHeader(StreamHeaders.INTERVAL, key.interval());
        }
        in.setHeader(StreamHeaders.RECEIVE_TIME, receiveTimeMicros);
        try {
            stream.producer.process(exchange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (exchange.getException() != null) {
            throw new IllegalStateException("Frame failed", exchange.getException());
        }
        if (finalFrame[current]) {
            finalFramesSent++;
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
