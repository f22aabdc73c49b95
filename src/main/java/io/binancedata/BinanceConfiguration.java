package io.binancedata;

import io.binancedata.config.BinanceSettings;
import io.binancedata.control.ControlHttpEngine;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;

/**
 * Camel Main configuration class: reads the product settings from Camel's properties, wires the runtime, and puts the
 * control API's {@code platform-http:} routes on Camel Main's HTTP server ({@link ControlHttpEngine}). The checks of
 * the configuration (log levels, ports, directories, sink URIs) run in {@link ConfigurationCheck}.
 */
public class BinanceConfiguration implements CamelConfiguration {
    /** The name of the {@link #httpServersVertxOptions()} bean. */
    static final String HTTP_SERVERS_VERTX_OPTIONS = "binance-http-servers-vertx-options";

    @Override
    public void configure(CamelContext camelContext) {
        BinanceSettings settings = BinanceSettings.from(camelContext.getPropertiesComponent());
        BeanWiring.install(camelContext, settings);
        camelContext.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                new ControlHttpEngine());
        camelContext.getRegistry().bind(HTTP_SERVERS_VERTX_OPTIONS, VertxOptions.class, httpServersVertxOptions());
    }

    /**
     * The Vert.x of the control and management HTTP servers (camel-platform-http-vertx creates one per server from
     * the registry's {@code VertxOptions}): one event loop and 4 worker threads each, for a control plane of a few
     * requests a minute, instead of Vert.x's defaults (2 event loops per core and 20 worker threads each), which
     * would take a 3,000-stream process past its budget of 64 threads.
     */
    static VertxOptions httpServersVertxOptions() {
        return new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4).setInternalBlockingPoolSize(1);
    }
}
