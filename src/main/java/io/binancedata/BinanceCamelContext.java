package io.binancedata;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.component.bean.BeanEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The CamelContext of the product (Camel Main's and the embedded one), a {@link DefaultCamelContext} whose cost of
 * adding a route, and of every exchange, does not grow with the routes it holds. Two Camel 4.18 behaviours are
 * changed, both measured with the 3,000 stream routes of the whole exchange (BENCHMARKS.md):
 * <ul>
 * <li>Camel adds a route definition by first removing any route of the same id, and its {@code removeRoute} gathers
 * the endpoints of every route of the context before it looks the id up: starting 3,000 streams took a minute of CPU
 * on one thread. Removing an id no route has is answered at once here; removing a route that exists is Camel's
 * own.</li>
 * <li>Camel removes with a route the endpoints no other route's {@code to} steps use — blind to a recipient list's
 * (a stream with several sinks), so removing the last stream of one kind stopped a sink the other kind's streams all
 * still wrote to (every later batch failed: "Endpoint sbe-file://data is not started"). Removing a route here removes
 * only the route's own endpoints — its consumer (a stream's {@code binance-ws:<id>}) and the beans it calls (a
 * stream's EventProcessor, whose endpoint would keep calling the old one) — whoever removes it (the product, or
 * Camel's route MBean); the sinks stay for the context's life.</li>
 * <li>camel-platform-http-main (the control and management HTTP servers) registers a startup listener that Camel
 * calls again for every route started in a running context, and each call adds an event notifier that logs the
 * server's endpoints — never removed, and not ignoring exchange events. Camel walks every notifier on each exchange
 * event, so with 3,000 stream routes each one-message exchange walked ~6,000 notifiers 4 times: 83 % of the CPU.
 * Those listeners are called for the first start only here (the summary is logged once, as at start-up). Removing
 * the notifiers afterwards is not safe: Camel iterates them by index while exchanges run.</li>
 * </ul>
 */
public class BinanceCamelContext extends DefaultCamelContext {
    private static final String HTTP_SUMMARY_LISTENERS = "org.apache.camel.component.platform.http.main.";

    /** Set while this thread removes a route: the route's consumer endpoint (null: none). */
    private final ThreadLocal<Removing> removingRoute = new ThreadLocal<>();

    /** A route being removed, by its consumer endpoint. */
    private record Removing(Endpoint consumer) {
    }

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
        Route route = getRoute(routeId);
        removingRoute.set(new Removing(route == null ? null : route.getEndpoint()));
        try {
            return super.removeRoute(routeId, loggingLevel);
        } finally {
            removingRoute.remove();
        }
    }

    /**
     * Removes the endpoint — when Camel does because a route using it is being removed, only the route's consumer and a
     * bean it calls (see the class comment).
     */
    @Override
    public void removeEndpoint(Endpoint endpoint) {
        Removing removing = removingRoute.get();
        if (removing == null || endpoint == removing.consumer() || endpoint instanceof BeanEndpoint) {
            super.removeEndpoint(endpoint);
        }
    }

    @Override
    public void addStartupListener(StartupListener listener) throws Exception {
        super.addStartupListener(listener.getClass().getName().startsWith(HTTP_SUMMARY_LISTENERS)
                ? new FirstStartOnly(listener) : listener);
    }

    /** A startup listener told of the context's start, not of every route started afterwards. */
    private static final class FirstStartOnly implements StartupListener {
        private final StartupListener delegate;
        private final AtomicBoolean told = new AtomicBoolean();

        FirstStartOnly(StartupListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) throws Exception {
            delegate.onCamelContextStarting(context, alreadyStarted);
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) throws Exception {
            if (told.compareAndSet(false, true)) {
                delegate.onCamelContextStarted(context, alreadyStarted);
            }
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
            delegate.onCamelContextFullyStarted(context, alreadyStarted);
        }
    }
}
