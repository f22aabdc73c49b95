package io.binancedata;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.CamelMainSettings;
import io.binancedata.config.KnownKeys;
import io.binancedata.config.LogLevels;
import io.binancedata.config.WritableDirectories;
import io.binancedata.route.SinkEndpointsCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The configuration checks of the Camel Main process, all before the CamelContext starts (no HTTP server listens,
 * no route runs, no stream connects yet). A bad value throws a {@link io.binancedata.config.ConfigurationException};
 * {@link Application} exits with code 2 and one line naming the key and the value.
 * <ul>
 * <li>As soon as Camel Main has its properties, before it configures anything: applies the {@code logging.level.*}
 * keys, then checks the numeric {@code camel.*} keys, every {@code binance.*} key (its value, and that the product
 * reads it: {@link KnownKeys}) and the directories the product writes to.</li>
 * <li>Once everything is configured ({@code camel.beans.*}, {@code camel.component.*}, the runtime's components):
 * checks every sink URI against its component.</li>
 * </ul>
 * Start-up symbols are checked once the exchange can be asked ({@link StartConfiguredStreams}).
 */
final class ConfigurationCheck extends MainListenerSupport {
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Function<String, String> lookup = lookup(main.getCamelContext());
        LogLevels.of(LogLevels.keys(properties.loadProperties().stringPropertyNames(),
                System.getProperties().stringPropertyNames(), System.getenv().keySet()), lookup).apply();
        CamelMainSettings.validate(lookup);
        Set<String> keys = new HashSet<>(properties.loadProperties().stringPropertyNames());
        keys.addAll(System.getProperties().stringPropertyNames());
        KnownKeys.check(keys, lookup);
        KnownKeys.warnUnknownEnvironment(System.getenv().keySet());
        WritableDirectories.verify(BinanceSettings.from(properties));
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        SinkEndpointsCheck.verify(camel, BinanceSettings.from(camel.getPropertiesComponent()));
    }

    private static Function<String, String> lookup(CamelContext camel) {
        return key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null);
    }
}
