package io.binancedata.sink;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code binance-events:<sink uri>}: delivers each message of a stream's batch to the sink on its own, in order, with
 * its own headers ({@link EventHeaders}) — what a network sink receives when it is not guarded by a spool
 * ({@code binance.sink.spool=false}). Anything that is not a batch is passed on unchanged. The sink URI is an option
 * in RAW form, so that its own query stays its own.
 */
@Component("binance-events")
public class EventsComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        Object delegate = parameters.remove("delegate");
        if (!(delegate instanceof String sink) || sink.isEmpty() || !parameters.isEmpty()) {
            throw new IllegalArgumentException("binance-events takes the sink URI, query included, as its only "
                    + "option: binance-events:sink?delegate=RAW(<uri>); was " + uri);
        }
        return new EventsEndpoint(uri, this, sink);
    }

    /**
     * {@code binance-events:sink?delegate=RAW(<sinkUri>)} ({@code RAW{…}} when the URI holds a ')').
     *
     * @throws IllegalArgumentException if the URI holds both ')' and '}' (no RAW form can quote it)
     */
    public static String wrap(String sinkUri) {
        if (sinkUri.indexOf(')') < 0) {
            return "binance-events:sink?delegate=RAW(" + sinkUri + ")";
        }
        if (sinkUri.indexOf('}') < 0) {
            return "binance-events:sink?delegate=RAW{" + sinkUri + "}";
        }
        throw new IllegalArgumentException("Cannot quote a sink URI holding both ')' and '}' with RAW: " + sinkUri);
    }
}
