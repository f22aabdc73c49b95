package io.binancedata.control;

import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The platform-http engine of the standalone process: serves the control API's {@code platform-http:} routes on
 * Camel Main's HTTP server ({@code camel.server.host}/{@code camel.server.port}) while {@code /observe/*} stays on the
 * management server ({@code camel.management.port}).
 * <p>
 * Which server: Camel's own choice ({@link VertxPlatformHttpEngine#getServerPort()}). Since Camel 4.18 it prefers the
 * main server when both run (CAMEL-22937: 4.17.0 found none of two servers, fell back to port 8080 and the routes
 * failed to start unless the main server happened to be on 8080; this class worked around it up to 4.17). Without a
 * main server (camel.server.enabled=false) the routes go to the management server.
 * <p>
 * With the first control route it sets up {@link ControlHttpRouting} on that server: the Host/Origin check of every
 * control route ({@link HostGuard}, its extra names from the registry bean {@value #HOST_GUARD}) and JSON answers for
 * 404, 405, 413 and 500.
 */
public final class ControlHttpEngine extends VertxPlatformHttpEngine {
    /** Registry name of the {@link HostGuard} the runtime binds from {@value HostGuard#ALLOWED_HOSTS_KEY}. */
    public static final String HOST_GUARD = "controlHostGuard";

    private ControlHttpRouting routing;

    @Override
    public synchronized PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (routing == null) {
            routing = new ControlHttpRouting(hostGuard(), maxBodySize());
            routing.installOn(router());
            setHandlers(List.of(routing::check));
        }
        routing.paths().add(endpoint.getPath(), endpoint.getHttpMethodRestrict());
        return super.createConsumer(endpoint, processor);
    }

    private HostGuard hostGuard() {
        HostGuard guard = getCamelContext().getRegistry().lookupByNameAndType(HOST_GUARD, HostGuard.class);
        return guard != null ? guard : new HostGuard(Set.of());
    }

    private Long maxBodySize() {
        MainHttpServer main = getCamelContext().hasService(MainHttpServer.class);
        if (main != null) {
            return main.getMaxBodySize();
        }
        ManagementHttpServer management = getCamelContext().hasService(ManagementHttpServer.class);
        return management == null ? null : management.getMaxBodySize();
    }

    /** The router the platform-http consumers will use (they look it up the same way). */
    private VertxPlatformHttpRouter router() {
        CamelContext camel = getCamelContext();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
        }
        if (router == null) {
            throw new IllegalStateException("No platform-http router for port " + getServerPort());
        }
        return router;
    }
}
