package io.binancedata.route;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine of the standalone process: serves the control API's {@code platform-http:} routes on
 * Camel Main's HTTP server ({@code camel.server.host}/{@code camel.server.port}) while {@code /observe/*} stays on the
 * management server ({@code camel.management.port}).
 * <p>
 * Camel 4.17.0's own engine finds "the" server with {@code findSingleByType}; with two servers it finds none, falls
 * back to port 8080 and the routes fail to start unless the main server happens to be on 8080 (CAMEL-22937). This engine
 * asks the context for the main server itself. Without a main server (camel.server.enabled=false) the routes go to
 * the management server; with neither, Camel's default applies.
 */
public final class ControlHttpEngine extends VertxPlatformHttpEngine {
    @Override
    public int getServerPort() {
        CamelContext camel = getCamelContext();
        MainHttpServer main = camel.hasService(MainHttpServer.class);
        if (main != null) {
            return main.getPort();
        }
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        if (management != null) {
            return management.getPort();
        }
        return super.getServerPort();
    }
}
