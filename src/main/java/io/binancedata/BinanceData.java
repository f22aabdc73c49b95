package io.binancedata;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.binancedata.api.BinanceDataException;
import io.binancedata.api.ConnectionFailedException;
import io.binancedata.api.EventProcessor;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.config.BinanceSettings;
import io.binancedata.config.KnownKeys;
import io.binancedata.config.WritableDirectories;
import io.binancedata.control.StreamManager;
import io.binancedata.route.SinkEndpointsCheck;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.ManagementMBeansLevel;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * The embeddable Java API: the old crate's operations over the product's Camel routes. Each operation delegates to
 * the control plane's one service, {@link StreamManager}, which JMX, the HTTP control API and {@code direct:control}
 * call too.
 * <pre>
 * try (BinanceData binance = BinanceData.start(new Properties())) {
 *     binance.startTradeData(List.of("BTCUSDT"), (streamId, buffer, offset, length) -&gt; ...);
 * }
 * </pre>
 * Every operation is all-or-nothing and reports failures as typed {@link BinanceDataException}s.
 */
public final class BinanceData implements AutoCloseable {
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();
    /** The same routes Camel Main loads (camel.main.routes-include-pattern). */
    private static final String ROUTES = "classpath:routes/*.yaml";
    /** The HTTP control API needs Camel Main's HTTP server; the embedded API has none and skips it. */
    private static final String HTTP_ROUTES = "http-control.yaml";

    private final StreamManager manager;
    private final CamelContext camel;
    private final boolean owned;

    private BinanceData(StreamManager manager, CamelContext camel, boolean owned) {
        this.manager = manager;
        this.camel = camel;
        this.owned = owned;
    }

    /** Starts an embedded instance with its own CamelContext (closed by {@link #close()}). */
    public static BinanceData start(BinanceSettings settings) {
        return start(settings, camel -> { });
    }

    /**
     * Starts an embedded instance with its own CamelContext, letting {@code customizer} bind beans or components
     * (a JMS connection factory, say) before it starts.
     *
     * @throws io.binancedata.config.ConfigurationException naming the key when a setting is bad, a directory the
     *         product writes to cannot be written or a sink URI does not fit its component
     * @throws InvalidSymbolException when a start-up symbol is not TRADING (checked before any stream starts)
     */
    public static BinanceData start(BinanceSettings settings, Consumer<CamelContext> customizer) {
        return start(new BinanceCamelContext(), settings, customizer);
    }

    private static BinanceData start(DefaultCamelContext camel, BinanceSettings settings,
                                     Consumer<CamelContext> customizer) {
        camel.getCamelContextExtension().setName("binance-data");
        // as camel.main.jmx-management-statistics-level and -mbeans-level in application.properties: per route, not
        // per processor
        camel.getManagementStrategy().getManagementAgent().setStatisticsLevel(ManagementStatisticsLevel.RoutesOnly);
        camel.getManagementStrategy().getManagementAgent().setMBeansLevel(ManagementMBeansLevel.RoutesOnly);
        try {
            StreamManager manager = BeanWiring.install(camel, settings);
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(camel).findResources(ROUTES).stream()
                            .filter(r -> !r.getLocation().endsWith(HTTP_ROUTES)).toList());
            customizer.accept(camel);
            WritableDirectories.verify(settings);
            SinkEndpointsCheck.verify(camel, settings);
            camel.start();
            BeanWiring.startConfigured(camel, manager);
            return new BinanceData(manager, camel, true);
        } catch (RuntimeException e) {
            camel.stop();
            throw e;
        } catch (Exception e) {
            camel.stop();
            throw new BinanceDataException("Cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * Starts an embedded instance configured from {@code binance.*} properties (absent keys take their defaults),
     * resolved by its context's properties component, which reads these properties only (no system property or
     * environment variable). A {@code binance.*} key the product does not read is a
     * {@link io.binancedata.config.ConfigurationException} ({@link KnownKeys}).
     */
    public static BinanceData start(Properties properties) {
        DefaultCamelContext camel = new BinanceCamelContext();
        BinanceSettings settings;
        try {
            KnownKeys.check(properties.stringPropertyNames(), properties::getProperty);
            settings = BinanceSettings.from(BinanceSettings.onlyFrom(camel, properties));
        } catch (RuntimeException e) {
            camel.stop();
            throw e;
        }
        return start(camel, settings, ignored -> { });
    }

    /** The API of the product running in an existing CamelContext (e.g. the Camel Main process). */
    public static BinanceData of(CamelContext camel) {
        StreamManager manager = camel.getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER, StreamManager.class);
        if (manager == null) {
            throw new BinanceDataException("No binance-data-integration runtime in CamelContext " + camel.getName());
        }
        return new BinanceData(manager, camel, false);
    }

    /** Starts trade streams delivered only to {@code processor}. */
    public StartResult startTradeData(Collection<String> symbols, EventProcessor processor) {
        return manager.startTrades(symbols, requireProcessor(processor));
    }

    /** Starts trade streams delivered to the configured sinks ({@code binance.sink.trade}). */
    public StartResult startTradeData(Collection<String> symbols) {
        return manager.startTrades(symbols, null);
    }

    public List<String> stopTradeData(Collection<String> symbols) {
        return manager.stopTrades(symbols);
    }

    public List<String> stopAllTradeData() {
        return manager.stopAll(StreamKind.TRADE);
    }

    /** Starts kline (OHLCV) streams for every symbol at {@code interval}, delivered only to {@code processor}. */
    public StartResult startOhlcvData(Collection<String> symbols, String interval, EventProcessor processor) {
        return manager.startKlines(symbols, List.of(interval), requireProcessor(processor));
    }

    /** Starts kline streams for every symbol × interval, delivered to the configured sinks. */
    public StartResult startOhlcvData(Collection<String> symbols, Collection<String> intervals) {
        return manager.startKlines(symbols, intervals, null);
    }

    /** Stops every interval's kline stream of the symbols. */
    public List<String> stopOhlcvData(Collection<String> symbols) {
        return manager.stopKlines(symbols, null);
    }

    public List<String> stopOhlcvData(Collection<String> symbols, String interval) {
        return manager.stopKlines(symbols, List.of(interval));
    }

    public List<String> stopAllOhlcvData() {
        return manager.stopAll(StreamKind.KLINE);
    }

    /** Every symbol the exchange lists in status TRADING (cached). */
    public Set<String> exchangeSymbols() {
        return manager.tradingSymbols();
    }

    /** @return the symbols upper-cased; throws {@link InvalidSymbolException} naming every invalid one */
    public List<String> validateSymbols(Collection<String> symbols) {
        return manager.validateSymbols(symbols);
    }

    /** The CamelContext the streams run in: add routes, and drive streams from them through {@code direct:control}. */
    public CamelContext camelContext() {
        return camel;
    }

    /**
     * Waits until every named stream is STREAMING.
     *
     * @throws ConnectionFailedException naming the streams that FAILED (reconnect attempts used up) or were not
     *                                   streaming within {@code timeout}
     * @throws StreamNotActiveException  naming ids of streams that were never started
     */
    public void awaitStreaming(Collection<String> streamIds, Duration timeout) {
        List<String> unknown = streamIds.stream().filter(id -> manager.stream(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new StreamNotActiveException(unknown);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<StreamStatus> statuses = streamIds.stream().map(id -> manager.registry().status(id)).toList();
            List<String> failed = statuses.stream().filter(s -> s.state() == StreamState.FAILED)
                    .map(s -> s.key().id() + " (" + s.lastError() + ")").toList();
            if (!failed.isEmpty()) {
                throw new ConnectionFailedException(failed, "reconnect attempts used up");
            }
            List<String> waiting = statuses.stream().filter(s -> s.state() != StreamState.STREAMING)
                    .map(s -> s.key().id() + " (" + s.state() + (s.lastError() == null ? "" : ": " + s.lastError()) + ")")
                    .toList();
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ConnectionFailedException(waiting, "not streaming within " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Status of every stream started since start-up, by id. */
    public List<StreamStatus> streams() {
        return manager.streams();
    }

    public Optional<StreamStatus> stream(String id) {
        return manager.stream(id);
    }

    private static EventProcessor requireProcessor(EventProcessor processor) {
        if (processor == null) {
            throw new InvalidRequestException("No EventProcessor given");
        }
        return processor;
    }

    /** Stops every stream and, for an embedded instance, its CamelContext. */
    @Override
    public void close() {
        if (owned) {
            camel.stop();
        }
    }
}
