package io.binancedata;

import io.binancedata.config.BinanceSettings;
import io.binancedata.control.ControlHttpEngine;
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
    @Override
    public void configure(CamelContext camelContext) {
        BinanceSettings settings = BinanceSettings.from(key ->
                camelContext.getPropertiesComponent().resolveProperty(key).orElse(null));
        BeanWiring.install(camelContext, settings);
        camelContext.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                new ControlHttpEngine());
    }
}
