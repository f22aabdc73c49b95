package io.binancedata.control;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.GroupLedElsewhereException;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.stream.StreamStatus;
import org.slf4j.LoggerFactory;

/**
 * Implementation of {@link JmxControlMBean}: each operation is one call of {@link StreamManager}, answered with the
 * control interfaces' JSON ({@link ControlReplies}).
 */
public final class JmxControl implements JmxControlMBean {
    private static final String[] COLUMNS = StreamStatus.COLUMNS.toArray(String[]::new);
    private static final Set<String> TEXT = Set.of("id", "stream", "state", "lastError");
    private static final OpenType<?>[] TYPES = StreamStatus.COLUMNS.stream()
            .map(c -> TEXT.contains(c) ? SimpleType.STRING : SimpleType.LONG).toArray(OpenType<?>[]::new);
    /** Most causes {@link #portable} copies (a chain is rarely deeper; a cycle is cut there). */
    private static final int MAX_CAUSES = 16;
    private static final CompositeType ROW;
    private static final TabularType TABLE;

    static {
        try {
            ROW = new CompositeType("Stream", "One Binance stream", COLUMNS, COLUMNS, TYPES);
            TABLE = new TabularType("Streams", "Every Binance stream", ROW, new String[] {"id"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StreamManager manager;
    private final ErrorLog errors = new ErrorLog(LoggerFactory.getLogger(JmxControl.class), Duration.ofMinutes(1),
            System::nanoTime);

    public JmxControl(StreamManager manager) {
        this.manager = manager;
    }

    @Override
    public String startTradeStreams(String symbols) {
        return call("startTradeStreams", () -> ControlReplies.started(manager.startTrades(split(symbols), null)));
    }

    @Override
    public String startKlineStreams(String symbols, String intervals) {
        return call("startKlineStreams", () -> ControlReplies.started(
                manager.startKlines(split(symbols), intervals == null ? null : split(intervals), null)));
    }

    @Override
    public String stopTradeStreams(String symbols) {
        return call("stopTradeStreams", () -> ControlReplies.stopped("stop", manager.stopTrades(split(symbols))));
    }

    @Override
    public String stopKlineStreams(String symbols, String intervals) {
        return call("stopKlineStreams", () -> ControlReplies.stopped("stop",
                manager.stopKlines(split(symbols), intervals == null ? null : split(intervals))));
    }

    @Override
    public String stopAllStreams() {
        return call("stopAllStreams", () -> ControlReplies.stopped("stop-all", manager.stopAll(null)));
    }

    @Override
    public TabularData listStreams() {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (StreamStatus s : manager.streams()) {
            Map<String, Object> row = s.row();
            if (row.get("lastError") == null) { // open data has no null
                row.put("lastError", "");
            }
            try {
                table.put(new CompositeDataSupport(ROW, row));
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        return table;
    }

    @Override
    public int getStreamCount() {
        return manager.streams().size();
    }

    private static List<String> split(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Runs the operation. A refused request (the caller's error) is an {@link IllegalArgumentException} with the
     * product's message. Any other failure is the server's: logged with its cause ({@link ErrorLog}, as the HTTP
     * control API does), and thrown as an {@link IllegalStateException} whose cause chain is {@link #portable} so that
     * a remote JMX client can read it.
     */
    private String call(String name, Supplier<String> operation) {
        try {
            return operation.get();
        } catch (InvalidRequestException | InvalidSymbolException | StreamNotActiveException
                 | GroupLedElsewhereException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            errors.report("JMX operation " + name, e, e instanceof ExchangeUnavailableException);
            throw new IllegalStateException(e.getMessage() != null ? e.getMessage() : e.toString(), portable(e, 0));
        }
    }

    /**
     * The cause chain as plain {@link RuntimeException}s, each with the original's class and message as its message
     * and the original's stack trace: a remote JMX client (jconsole) has none of the product's exception classes and
     * could not read a chain holding them.
     */
    static RuntimeException portable(Throwable error, int depth) {
        Throwable next = error.getCause();
        RuntimeException cause = next == null || next == error || depth >= MAX_CAUSES ? null
                : portable(next, depth + 1);
        RuntimeException copy = new RuntimeException(error.toString(), cause);
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }
}
