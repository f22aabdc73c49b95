package io.binancedata.route;

import java.util.List;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.ConfigurationException;
import io.binancedata.config.Setting;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.util.URISupport;

/**
 * Checks before Camel starts that every sink URI ({@code binance.sink.trade}, {@code binance.sink.kline}) and the
 * dead-letter URI ({@code binance.sink.dead-letter}) names a component on the classpath and that the component
 * accepts its path and options (an unknown option such as {@code sbe-file:data?bogus=1} is refused; the product's own
 * {@code binanceBatch} option of network sinks is taken out first, as it is before Camel sees it). The endpoints
 * are created by their component only to be checked: not registered in the context, not started, nothing connected.
 * Without this check a bad sink surfaced only when the first stream route was built, as a route dump.
 */
public final class SinkEndpointsCheck {
    private SinkEndpointsCheck() {
    }

    /**
     * Call once the components and beans the URIs refer to are bound (e.g. {@code #artemis}).
     *
     * @throws ConfigurationException naming the key and the first URI that cannot be used
     */
    public static void verify(CamelContext camel, BinanceSettings settings) {
        for (Setting sinks : List.of(Setting.SINK_TRADE, Setting.SINK_KLINE)) {
            for (String uri : settings.list(sinks)) {
                verify(camel, sinks, uri);
            }
        }
        verify(camel, Setting.SINK_DEAD_LETTER, settings.deadLetterSink());
    }

    private static void verify(CamelContext camel, Setting key, String uri) {
        String shown = URISupport.sanitizeUri(uri);
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new ConfigurationException(key.key(), shown, "Camel endpoint URIs such as sbe-file:data");
        }
        String scheme = uri.substring(0, colon);
        Component component;
        try {
            component = camel.getComponent(scheme);
        } catch (RuntimeException e) {
            throw new ConfigurationException(key.key(), shown, "a Camel component name before the colon ("
                    + oneLine(e.getMessage()) + ")");
        }
        if (component == null) {
            throw new ConfigurationException(key.key(), shown, "Camel endpoint URIs whose scheme names a component on"
                    + " the classpath; there is no component " + scheme);
        }
        try {
            component.createEndpoint(camel.resolvePropertyPlaceholders(BinanceSettings.endpointUri(uri)));
        } catch (ResolveEndpointFailedException e) {
            String message = e.getMessage();
            int cause = message.indexOf(" due to: ");
            throw new ConfigurationException(key.key(), shown, "an endpoint URI " + scheme + " accepts ("
                    + oneLine(cause < 0 ? message : message.substring(cause + " due to: ".length())) + ")");
        } catch (Exception e) {
            throw new ConfigurationException(key.key(), shown, "an endpoint URI " + scheme + " accepts ("
                    + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()) + ")");
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
