package io.binancedata.spool;

import io.binancedata.stream.DurableWrites;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code spool} component: wraps one sink so that its outages lose nothing. URI:
 * {@code spool:<name>?delegate=RAW(<sink uri>)&dir=<folder>[&maxRedeliveries=3&redeliveryDelay=200
 * &failureRateThreshold=50&minimumCalls=5&slidingWindowSize=10&waitDurationInOpenState=10
 * &maxSpoolBytes=1073741824&segmentBytes=16777216&fsync=false]}; the spool lives in {@code <folder>/<name>/}.
 * {@link SpoolUris#wrap} builds such a URI from a sink URI. Unknown or invalid options are rejected.
 *
 * @see SpoolEndpoint
 * @see SpoolingSink
 */
@Component("spool")
public class SpoolComponent extends DefaultComponent {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private final DurableWrites durableWrites;

    /** A component whose spools force their appends only when asked ({@code fsync=true}), for tests and embedders. */
    public SpoolComponent() {
        this(new DurableWrites());
    }

    /** @param durableWrites where each endpoint's spool registers while started, forced before checkpoints are saved */
    public SpoolComponent(DurableWrites durableWrites) {
        this.durableWrites = durableWrites;
    }

    DurableWrites durableWrites() {
        return durableWrites;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || !NAME.matcher(remaining).matches()) {
            throw new IllegalArgumentException("The spool URI needs a sink name of at most 100 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit, e.g. spool:orders?delegate=...; was " + uri);
        }
        SpoolEndpoint endpoint = new SpoolEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        validateParameters(uri, parameters, null);
        if (endpoint.getDelegate() == null || endpoint.getDelegate().isBlank()) {
            throw new IllegalArgumentException("The spool URI needs the sink to guard: delegate=RAW(<sink uri>); was "
                    + uri);
        }
        if (endpoint.getDir() == null || endpoint.getDir().isBlank()) {
            throw new IllegalArgumentException("The spool URI needs the folder of the spools: dir=<folder>; was "
                    + uri);
        }
        endpoint.settings();
        return endpoint;
    }
}
