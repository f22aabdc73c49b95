package io.binancedata.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.binancedata.api.BinanceDataException;
import io.binancedata.api.Echo;
import io.binancedata.api.EventProcessor;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.config.BinanceSettings;
import io.binancedata.config.ConfigurationException;
import io.binancedata.config.Setting;
import io.binancedata.route.DeadLetters;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sequence.SequenceGuards;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamListener;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.stream.SymbolShape;
import io.binancedata.symbols.SymbolDirectory;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's one service: starts, stops and lists symbol streams, lists and validates symbols, with typed
 * arguments and results, for every caller — the Java API ({@code BinanceData}), the streams named at start-up, JMX
 * ({@link JmxControl}), the HTTP control API ({@link HttpControl}) and the {@code direct:control} route for users' own
 * routes ({@link StreamControl}); those that speak JSON translate at their edge ({@link ControlReplies}).
 * <p>
 * One Camel route per stream ({@link StreamRoutes}, from the {@code binance-stream} route template). Symbols are
 * validated before anything changes; a request is all-or-nothing. Route changes are serialised by a lock that is never
 * held across network I/O (connections are opened in the background by the route's consumer).
 */
public final class StreamManager {
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

    private final StreamRegistry registry;
    private final SymbolDirectory symbols;
    private final BinanceSettings settings;
    private final StreamRoutes routes;
    private final ReentrantLock lock = new ReentrantLock();

    public StreamManager(CamelContext camel, StreamRegistry registry, SymbolDirectory symbols, BinanceSettings settings,
                         SequenceGuards guards, DeadLetters deadLetters) {
        this.registry = registry;
        this.symbols = symbols;
        this.settings = settings;
        this.routes = new StreamRoutes(camel, registry, settings, guards, deadLetters);
    }

    /** Adds a listener told of every stream route added or removed from now on. */
    public void addListener(StreamListener listener) {
        routes.addListener(listener);
    }

    /** The status model every stream reports into (read by the facade's waits and by tests). */
    public StreamRegistry registry() {
        return registry;
    }

    /** The status of every stream started since start-up, by id: the rows of the stream table. */
    public List<StreamStatus> streams() {
        return registry.all();
    }

    public Optional<StreamStatus> stream(String id) {
        return registry.find(id);
    }

    /** Every symbol the exchange lists in status TRADING (cached). */
    public Set<String> tradingSymbols() {
        return symbols.tradingSymbols();
    }

    /** @return the symbols upper-cased; throws {@link InvalidSymbolException} naming every invalid one */
    public List<String> validateSymbols(Collection<String> symbolList) {
        return symbols.validate(symbolList);
    }

    /**
     * Starts the streams named in the configuration ({@code binance.trade.symbols}, {@code binance.kline.*}), after
     * starting every configured spooled sink so that what a previous run spooled is re-delivered now. Both symbol lists
     * are checked against the exchange before any stream starts.
     *
     * @throws InvalidSymbolException when a list holds a symbol the exchange does not trade; nothing started
     */
    public List<StartResult> startConfigured() {
        List<String> tradeSymbols = configuredSymbols(settings.tradeSymbols());
        List<String> klineSymbols = configuredSymbols(settings.klineSymbols());
        routes.openSpools(List.of(settings.tradeSinks(), settings.klineSinks()));
        List<StartResult> results = new ArrayList<>();
        if (!tradeSymbols.isEmpty()) {
            results.add(startTrades(tradeSymbols, null));
        }
        if (!klineSymbols.isEmpty()) {
            results.add(startKlines(klineSymbols, settings.klineIntervals(), null));
        }
        return results;
    }

    /**
     * Checks the start-up symbol lists against the exchange (as {@link #startConfigured} does first) for a process that
     * reports configuration errors by key.
     *
     * @throws ConfigurationException naming {@code binance.trade.symbols} or {@code binance.kline.symbols}
     */
    public void checkConfiguredSymbols() {
        for (Setting key : List.of(Setting.TRADE_SYMBOLS, Setting.KLINE_SYMBOLS)) {
            try {
                configuredSymbols(settings.list(key));
            } catch (InvalidSymbolException e) {
                throw new ConfigurationException(key.key(), settings.get(key),
                        "symbols the exchange lists as TRADING (" + e.getMessage() + ")");
            }
        }
    }

    private List<String> configuredSymbols(List<String> configured) {
        return configured.isEmpty() ? configured : symbols.validate(configured);
    }

    /**
     * Streams of one kind to the configured sinks, as the control interfaces ask for them: trade streams for the symbols
     * ({@code intervals} unused), or kline streams for every symbol × interval.
     */
    public StartResult start(StreamKind kind, Collection<String> symbolList, Collection<String> intervals) {
        return kind == StreamKind.TRADE ? startTrades(symbolList, null) : startKlines(symbolList, intervals, null);
    }

    /** Trade streams for the symbols; to the configured trade sinks, or only to {@code processor} when given. */
    public StartResult startTrades(Collection<String> symbolList, EventProcessor processor) {
        List<StreamKey> keys = symbols.validate(symbolList).stream().map(StreamKey::trade).toList();
        return startAll(keys, processor);
    }

    /** Kline streams for every symbol × interval; to the configured kline sinks, or only to {@code processor}. */
    public StartResult startKlines(Collection<String> symbolList, Collection<String> intervals, EventProcessor processor) {
        List<String> checkedIntervals = intervals(intervals);
        List<StreamKey> keys = new ArrayList<>();
        for (String symbol : symbols.validate(symbolList)) {
            for (String interval : checkedIntervals) {
                keys.add(StreamKey.kline(symbol, interval));
            }
        }
        return startAll(keys, processor);
    }

    private static List<String> intervals(Collection<String> intervals) {
        if (intervals == null || intervals.isEmpty()) {
            throw new InvalidRequestException("No kline interval given");
        }
        List<String> checked = new ArrayList<>();
        for (String interval : intervals) {
            String code = interval == null ? null : interval.trim();
            if (code == null || KlineIntervals.lookup(code) == KlineInterval.NULL_VAL) {
                throw new InvalidRequestException("Unknown kline interval '" + Echo.of(interval)
                        + "', valid (case-sensitive): " + String.join(" ", KlineIntervals.codes()));
            }
            if (!checked.contains(code)) {
                checked.add(code);
            }
        }
        return checked;
    }

    /**
     * All-or-nothing: when one stream cannot be added, the streams this call started are removed again and every
     * row this call created is taken back (the row it replaced, if any, returns, marked STOPPED).
     */
    private StartResult startAll(List<StreamKey> keys, EventProcessor processor) {
        List<String> started = new ArrayList<>();
        List<String> already = new ArrayList<>();
        Map<String, StreamStatus> replaced = new LinkedHashMap<>();
        lock.lock();
        try {
            for (StreamKey key : keys) {
                if (routes.isLive(key.id())) {
                    already.add(key.id());
                    LOG.info("Stream {} is already running; start ignored", key.id());
                    continue;
                }
                routes.remove(key.id());
                replaced.put(key.id(), registry.find(key.id()).orElse(null));
                routes.add(registry.register(key, true), processor);
                started.add(key.id());
            }
        } catch (Exception e) {
            rollBack(replaced);
            if (e instanceof BinanceDataException b) {
                throw b;
            }
            throw new BinanceDataException("Could not start streams " + keys + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return new StartResult(List.copyOf(started), List.copyOf(already));
    }

    private void rollBack(Map<String, StreamStatus> replaced) {
        replaced.forEach((id, previous) -> {
            try {
                routes.remove(id);
            } catch (Exception e) {
                LOG.warn("Stream {}: could not remove the route of a failed start: {}", id, e.getMessage(), e);
            }
            registry.restore(id, previous);
            if (previous != null && previous.state() != StreamState.STOPPED) {
                previous.transition(StreamState.STOPPED, null);
            }
            LOG.info("Stream {} not started: the request failed, nothing of it was kept", id);
        });
    }

    /**
     * Stops streams of one kind, as the control interfaces ask for it: the trade streams of the symbols
     * ({@code intervals} unused), or their kline streams ({@link #stopKlines}).
     */
    public List<String> stop(StreamKind kind, Collection<String> symbolList, Collection<String> intervals) {
        return kind == StreamKind.TRADE ? stopTrades(symbolList) : stopKlines(symbolList, intervals);
    }

    /** Stops trade streams; all-or-nothing: every symbol must have a running trade stream. */
    public List<String> stopTrades(Collection<String> symbolList) {
        return stopIds(requireSymbols(symbolList).stream().map(s -> StreamKey.trade(s).id()).toList());
    }

    /**
     * Stops the kline streams of the symbols, for the given intervals or (none given) every running interval;
     * all-or-nothing.
     */
    public List<String> stopKlines(Collection<String> symbolList, Collection<String> intervalList) {
        List<String> ids = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean every = intervalList == null || intervalList.isEmpty();
        List<String> checked = every ? List.of() : intervals(intervalList);
        for (String symbol : requireSymbols(symbolList)) {
            if (!every) {
                checked.forEach(interval -> ids.add(StreamKey.kline(symbol, interval).id()));
                continue;
            }
            List<String> running = runningIds(k -> k.kind() == StreamKind.KLINE && k.symbol().equals(symbol));
            if (running.isEmpty()) {
                missing.add(StreamKey.kline(symbol, "*").id());
            }
            ids.addAll(running);
        }
        if (!missing.isEmpty()) {
            throw new StreamNotActiveException(missing);
        }
        return stopIds(ids);
    }

    /** Stops every running stream of a kind (or of both kinds when {@code kind} is null); returns their ids. */
    public List<String> stopAll(StreamKind kind) {
        return stopIds(runningIds(k -> kind == null || k.kind() == kind));
    }

    /** Stops the streams with these ids; all-or-nothing: every id must name a running stream. */
    private List<String> stopIds(List<String> ids) {
        lock.lock();
        try {
            List<String> missing = ids.stream().filter(id -> !routes.exists(id)).toList();
            if (!missing.isEmpty()) {
                throw new StreamNotActiveException(missing);
            }
            for (String id : ids) {
                routes.remove(id);
                LOG.info("Stream {} stopped", id);
            }
            return List.copyOf(ids);
        } catch (BinanceDataException e) {
            throw e;
        } catch (Exception e) {
            throw new BinanceDataException("Could not stop streams " + ids + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private List<String> runningIds(Predicate<StreamKey> filter) {
        Map<String, StreamKey> keys = new LinkedHashMap<>();
        for (StreamStatus s : registry.all()) {
            if (filter.test(s.key()) && routes.exists(s.key().id())) {
                keys.put(s.key().id(), s.key());
            }
        }
        return List.copyOf(keys.keySet());
    }

    /** The symbols of a stop, normalised; a badly shaped one cannot name a stream: {@link InvalidSymbolException}. */
    private static List<String> requireSymbols(Collection<String> symbolList) {
        return SymbolShape.requireAll(symbolList);
    }
}
