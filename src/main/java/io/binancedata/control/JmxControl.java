package io.binancedata.management;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.control.ErrorLog;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.LoggerFactory;

/** Implementation of {@link JmxControlMBean}: turns each operation into a control-route request. */
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

    private final ProducerTemplate control;
    private final StreamRegistry registry;
    private final ObjectMapper json = new ObjectMapper();
    private final ErrorLog errors = new ErrorLog(LoggerFactory.getLogger(JmxControl.class), Duration.ofMinutes(1),
            System::nanoTime);

    public JmxControl(ProducerTemplate control, StreamRegistry registry) {
        this.control = control;
        this.registry = registry;
    }

    @Override
    public String startTradeStreams(String symbols) {
        return send("startTradeStreams", request("start", "trade", symbols, null));
    }

    @Override
    public String startKlineStreams(String symbols, String intervals) {
        return send("startKlineStreams", request("start", "kline", symbols, intervals));
    }

    @Override
    public String stopTradeStreams(String symbols) {
        return send("stopTradeStreams", request("stop", "trade", symbols, null));
    }

    @Override
    public String stopKlineStreams(String symbols, String intervals) {
        return send("stopKlineStreams", request("stop", "kline", symbols, intervals));
    }

    @Override
    public String stopAllStreams() {
        return send("stopAllStreams", Map.of("action", "stop-all"));
    }

    @Override
    public TabularData listStreams() {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (StreamStatus s : registry.all()) {
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
        return registry.all().size();
    }

    private static Map<String, Object> request(String action, String kind, String symbols, String intervals) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", action);
        request.put("kind", kind);
        request.put("symbols", split(symbols));
        if (intervals != null) {
            request.put("intervals", split(intervals));
        }
        return request;
    }

    private static List<String> split(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Sends the request to the control route. A refused request (the caller's error) is an
     * {@link IllegalArgumentException} with the product's message. Any other failure is the server's: logged with its
     * cause ({@link ErrorLog}, as the HTTP control API does), and thrown as an {@link IllegalStateException} whose
     * cause chain is {@link #portable} so that a remote JMX client can read it.
     */
    private String send(String operation, Map<String, Object> request) {
        String body;
        try {
            body = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the control request as JSON", e);
        }
        try {
            return control.requestBody("direct:control", body, String.class);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof InvalidRequestException || cause instanceof InvalidSymbolException
                    || cause instanceof StreamNotActiveException) {
                throw new IllegalArgumentException(cause.getMessage());
            }
            errors.report("JMX operation " + operation, cause, cause instanceof ExchangeUnavailableException);
            throw new IllegalStateException(cause.getMessage() != null ? cause.getMessage() : cause.toString(),
                    portable(cause, 0));
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
