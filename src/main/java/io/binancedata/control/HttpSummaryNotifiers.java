package io.binancedata.control;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.ManagementStrategy;

/**
 * Keeps Camel's event notifiers from growing with the number of streams. Camel 4.18's platform-http-main (Camel Main's
 * HTTP and management servers) registers, in a startup listener that Camel calls again for every route added to a
 * started context, a new event notifier that logs the server's endpoint summary — one per server per route, never
 * removed, and not ignoring exchange events. Camel walks every notifier on each exchange event (created, sending,
 * processing, done), so with 3,000 stream routes each one-message exchange walked about 6,000 notifiers 4 times: about
 * 190 µs of CPU per message, 83 % of the process's CPU in the whole-exchange benchmark (BENCHMARKS.md).
 * <p>
 * Once the context has started those notifiers only log the summary again when routes are reloaded (a development
 * mode this product does not use), so each is removed as soon as it appears: after every stream route is added.
 */
final class HttpSummaryNotifiers {
    private static final String LEAKING_CLASS = "org.apache.camel.component.platform.http.main.MainHttpServerUtil$";

    private HttpSummaryNotifiers() {
    }

    /** Removes the HTTP servers' summary notifiers registered so far; returns how many. */
    static int remove(CamelContext camel) {
        ManagementStrategy management = camel.getManagementStrategy();
        int removed = 0;
        for (EventNotifier notifier : management.getEventNotifiers()) {
            if (notifier.getClass().getName().startsWith(LEAKING_CLASS)) {
                management.removeEventNotifier(notifier);
                removed++;
            }
        }
        return removed;
    }
}
