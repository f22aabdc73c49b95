package io.binancedata.management;

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
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/** Implementation of {@link JmxControlMBean}: turns each operation into a control-route request. */
public final class JmxControl implements JmxControlMBean {
    private static final String[] COLUMNS = StreamStatus.COLUMNS.toArray(String[]::new);
    private static final Set<String> TEXT = Set.of("id", "stream", "state", "lastError");
    private static final OpenType<?>[] TYPES = StreamStatus.COLUMNS.stream()
            .map(c -> TEXT.contains(c) ? SimpleType.STRING : SimpleType.LONG).toArray(OpenType<?>[]::new);
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

    public JmxControl(ProducerTemplate control, StreamRegistry registry) {
        this.control = control;
        this.registry = registry;
    }

    @Override
    public String startTradeStreams(String symbols) {
        return send(request("start", "trade", symbols, null));
    }

    @Override
    public String startKlineStreams(String symbols, String intervals) {
        return send(request("start", "kline", symbols, intervals));
    }

    @Override
    public String stopTradeStreams(String symbols) {
        return send(request("stop", "trade", symbols, null));
    }

    @Override
    public String stopKlineStreams(String symbols, String intervals) {
        return send(request("stop", "kline", symbols, intervals));
    }

    @Override
    public String stopAllStreams() {
        return send(Map.of("action", "stop-all"));
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

    private String send(Map<String, Object> request) {
        try {
            return control.requestBody("direct:control", json.writeValueAsString(request), String.class);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(cause.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
