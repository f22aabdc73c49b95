package io.binancedata.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.binancedata.config.CamelMainSettings;
import io.binancedata.config.ConfigurationException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Checks after start-up that Camel Main's HTTP servers really listen, and tells where. Camel (4.17.0 and 4.18.0: its
 * {@code VertxPlatformHttpServer} throws the bind failure inside Vert.x's listen callback) only logs a WARN
 * when a server cannot bind its port (address in use, no permission) and runs on without it; the product stops
 * instead, naming the key to change. Camel's own endpoint summary prints {@code http://0.0.0.0:<port>} whatever the
 * host; {@link #verify} returns the address each server is bound to (the configured host, the port it got: with
 * port 0, the free port the system chose).
 */
public final class HttpServersCheck {
    /** A listening server: its role, bound address and the paths it serves, e.g. {@code GET,POST /streams}. */
    public record BoundServer(String role, String host, int port, List<String> endpoints) {
        public String url() {
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private HttpServersCheck() {
    }

    /**
     * @return every configured server, with the address it listens on
     * @throws ConfigurationException naming the first configured server that is not listening
     */
    public static List<BoundServer> verify(CamelContext camel) {
        PlatformHttpComponent platformHttp = camel.getComponent("platform-http", PlatformHttpComponent.class);
        List<BoundServer> servers = new ArrayList<>();
        MainHttpServer main = camel.hasService(MainHttpServer.class);
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        Set<HttpEndpointModel> control = platformHttp.getHttpEndpoints();
        if (main != null) {
            servers.add(verify(camel, CamelMainSettings.SERVER_PORT, "server (control API)", main.getHost(),
                    main.getPort(), control));
        }
        if (management != null) {
            Set<HttpEndpointModel> served = new TreeSet<>(platformHttp.getHttpManagementEndpoints());
            if (main == null) {
                served.addAll(control);
            }
            servers.add(verify(camel, CamelMainSettings.MANAGEMENT_PORT, "management server", management.getHost(),
                    management.getPort(), served));
        }
        return servers;
    }

    private static BoundServer verify(CamelContext camel, String key, String role, String host, int port,
            Set<HttpEndpointModel> endpoints) {
        VertxPlatformHttpRouter router =
                VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        HttpServer server = router == null || router.getServer() == null ? null : router.getServer().getServer();
        // Vert.x 4.5 sets actualPort() before binding; only its server base class tells whether the bind succeeded
        if (server == null || server instanceof TCPServerBase tcp && !tcp.isListening()) {
            throw new ConfigurationException(key, String.valueOf(port),
                    "a port the HTTP server can listen on at " + host + " (it could not: in use by another process?)");
        }
        List<String> paths = endpoints.stream().sorted()
                .map(e -> (e.getVerbs() == null ? "" : e.getVerbs() + " ") + e.getUri()).toList();
        return new BoundServer(role, host, server.actualPort(), paths);
    }
}
