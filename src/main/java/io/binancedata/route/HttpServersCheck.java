package io.binancedata.route;

import io.binancedata.config.ConfigurationException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Checks after start-up that Camel Main's HTTP servers really listen. Camel 4.17.0 only logs a WARN when a server
 * cannot bind its port (address in use, no permission) and runs on without it; the product stops instead, naming
 * the key to change.
 */
public final class HttpServersCheck {
    private HttpServersCheck() {
    }

    /** Throws a {@link ConfigurationException} naming the first configured server that is not listening. */
    public static void verify(CamelContext camel) {
        MainHttpServer main = camel.hasService(MainHttpServer.class);
        if (main != null) {
            verify(camel, "camel.server.port", main.getHost(), main.getPort());
        }
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        if (management != null) {
            verify(camel, "camel.management.port", management.getHost(), management.getPort());
        }
    }

    private static void verify(CamelContext camel, String key, String host, int port) {
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        HttpServer server = router == null || router.getServer() == null ? null : router.getServer().getServer();
        // Vert.x 4.5 sets actualPort() before binding; only its server base class tells whether the bind succeeded
        if (server == null || server instanceof TCPServerBase tcp && !tcp.isListening()) {
            throw new ConfigurationException(key, String.valueOf(port),
                    "a port the HTTP server can listen on at " + host + " (it could not: in use by another process?)");
        }
    }
}
