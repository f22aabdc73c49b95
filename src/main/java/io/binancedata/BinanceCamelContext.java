package io.binancedata;

import org.apache.camel.LoggingLevel;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The CamelContext of the product (Camel Main's and the embedded one), a {@link DefaultCamelContext} whose cost of
 * adding a route does not grow with the routes it holds.
 * <p>
 * Camel 4.18 adds a route definition by first removing any route of the same id, and its {@code removeRoute} gathers
 * the endpoints of every route of the context before it looks the id up. A stream route is added that way, so each
 * new stream walked the services of all the others: starting the 3,000 streams of the whole exchange took a minute
 * of CPU on one thread (BENCHMARKS.md). Removing an id no route has is answered at once here; removing a route that
 * exists is Camel's own.
 */
public class BinanceCamelContext extends DefaultCamelContext {
    public BinanceCamelContext() {
    }

    /** @param init whether to build and initialise the context now (Camel Main does it later) */
    public BinanceCamelContext(boolean init) {
        super(init);
    }

    @Override
    protected boolean removeRoute(String routeId, LoggingLevel loggingLevel) throws Exception {
        if (getRouteStatus(routeId) == null) {
            return false; // no such route (Camel would first gather the endpoints of every route)
        }
        return super.removeRoute(routeId, loggingLevel);
    }
}
