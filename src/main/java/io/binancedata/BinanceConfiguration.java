package io.binancedata;

import java.util.Locale;
import java.util.Map;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.ConfigurationException;
import io.binancedata.route.ControlHttpEngine;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Camel Main configuration class: reads the product settings from Camel's properties, applies the
 * {@code logging.level.<logger>} keys, wires the runtime, and puts the control API's {@code platform-http:} routes on
 * Camel Main's HTTP server ({@link ControlHttpEngine}).
 */
public class BinanceConfiguration implements CamelConfiguration {
    static final String LOG_LEVEL_PREFIX = "logging.level.";

    @Override
    public void configure(CamelContext camelContext) {
        applyLogLevels(camelContext.getPropertiesComponent().loadPropertiesAsMap());
        BinanceSettings settings = BinanceSettings.from(key ->
                camelContext.getPropertiesComponent().resolveProperty(key).orElse(null));
        BinanceRuntime.install(camelContext, settings);
        camelContext.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                new ControlHttpEngine());
    }

    static void applyLogLevels(Map<?, ?> properties) {
        properties.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith(LOG_LEVEL_PREFIX)) {
                String logger = key.substring(LOG_LEVEL_PREFIX.length());
                Level level = Level.getLevel(String.valueOf(v).trim().toUpperCase(Locale.ROOT));
                if (level == null) {
                    throw new ConfigurationException(key, String.valueOf(v),
                            "a log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF");
                }
                Configurator.setLevel("root".equals(logger) ? "" : logger, level);
            }
        });
    }
}
