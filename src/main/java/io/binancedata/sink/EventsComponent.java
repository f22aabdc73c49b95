package io.binancedata.sink;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code binance-events:<sink uri>}: delivers each message of a stream's batch to the sink on its own, in order, with
 * its own headers ({@link EventHeaders}) — what a network sink receives when it is not guarded by a spool
 * ({@code binance.sink.spool=false}). Anything that is not a batch is passed on unchanged.
 */
@Component("binance-events")
public class EventsComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException("binance-events takes the sink URI as it is, with RAW(...) around "
                    + "its query: binance-events:RAW(<uri>); was " + uri);
        }
        String delegate = remaining.startsWith("RAW(") && remaining.endsWith(")")
                ? remaining.substring(4, remaining.length() - 1) : remaining;
        return new EventsEndpoint(uri, this, delegate);
    }

    /** {@code binance-events:RAW(<sinkUri>)}. */
    public static String wrap(String sinkUri) {
        return "binance-events:RAW(" + sinkUri + ")";
    }
}
