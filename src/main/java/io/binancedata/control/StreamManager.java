package io.binancedata.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.binancedata.api.BinanceDataException;
import io.binancedata.api.Echo;
import io.binancedata.api.EventProcessor;
import io.binancedata.api.GroupLedElsewhereException;
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
import io.binancedata.stream.ClusterMembership;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamGroups;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamListener;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.stream.SymbolSetCounts;
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
    /** Most streams one start request may ask for ({@link #startTrades}, {@link #startKlines}). */
    public static final int MAX_STREAMS_PER_REQUEST = 3_000;
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

    private final StreamRegistry registry;
    private final SymbolDirectory symbols;
    private final BinanceSettings settings;
    private final StreamRoutes routes;
    private final SymbolSets symbolSets;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ClusterMembership cluster;

    public StreamManager(CamelContext camel, StreamRegistry registry, SymbolDirectory symbols, BinanceSettings settings,
                         SequenceGuards guards, DeadLetters deadLetters) {
        this.registry = registry;
        this.symbols = symbols;
        this.settings = settings;
        this.routes = new StreamRoutes(camel, registry, settings, guards, deadLetters);
        this.symbolSets = new SymbolSets(symbols, settings.quoteAssets());
    }

    /** What the symbol sets ({@code *}) have started and stopped since start-up. */
    public SymbolSetCounts symbolSetCounts() {
        return symbolSets.counts();
    }

    /** Adds a listener told of every stream route added or removed from now on. */
    public void addListener(StreamListener listener) {
        routes.addListener(listener);
    }

    /** This instance's part of a cluster, shown with the stream table; null without a cluster. */
    public ClusterMembership cluster() {
        return cluster;
    }

    /** Sets {@link #cluster()} (the wiring, when {@code binance.cluster.groups} is above 0). */
    public void cluster(ClusterMembership membership) {
        this.cluster = membership;
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
        List<String> tradeSymbols = configuredSymbols(Setting.TRADE_SYMBOLS);
        List<String> klineSymbols = configuredSymbols(Setting.KLINE_SYMBOLS);
        openConfiguredSpools();
        List<StartResult> results = new ArrayList<>();
        if (!tradeSymbols.isEmpty()) {
            results.add(startAll(tradeKeys(tradeSymbols), null));
        }
        if (!klineSymbols.isEmpty()) {
            results.add(startAll(klineKeys(klineSymbols, intervals(settings.klineIntervals())), null));
        }
        return results;
    }

    /** Starts every configured spooled sink, so that what a previous run spooled is re-delivered now. */
    public void openConfiguredSpools() {
        routes.openSpools(List.of(settings.tradeSinks(), settings.klineSinks()));
    }

    /**
     * The streams the configuration names ({@code binance.trade.symbols}, {@code binance.kline.*}), symbols checked
     * against the exchange, whether they run or not: what the instances of a cluster split into groups.
     *
     * @throws InvalidSymbolException when a list holds a symbol the exchange does not trade
     */
    public List<StreamKey> configuredKeys() {
        return keysOf(configuredSymbols(Setting.TRADE_SYMBOLS), configuredSymbols(Setting.KLINE_SYMBOLS));
    }

    /**
     * The configured streams as this instance last applied them, without asking the exchange: the symbol lists as
     * given, a {@code *} list as last seen ({@link #configuredKeys} at the start, then each change
     * {@link #refreshSymbolSets} applied). What a cluster instance runs of a group it takes over.
     */
    public List<StreamKey> configuredKeysAsApplied() {
        return keysOf(appliedSymbols(Setting.TRADE_SYMBOLS), appliedSymbols(Setting.KLINE_SYMBOLS));
    }

    private List<StreamKey> keysOf(List<String> tradeSymbols, List<String> klineSymbols) {
        List<StreamKey> keys = new ArrayList<>();
        tradeSymbols.forEach(symbol -> keys.add(StreamKey.trade(symbol)));
        List<String> intervals = klineSymbols.isEmpty() ? List.of() : intervals(settings.klineIntervals());
        for (String symbol : klineSymbols) {
            intervals.forEach(interval -> keys.add(StreamKey.kline(symbol, interval)));
        }
        return keys;
    }

    private List<String> appliedSymbols(Setting key) {
        if (settings.allSymbols(key)) {
            return List.copyOf(symbolSets.lastSeen(kindOf(key)));
        }
        List<String> configured = settings.list(key);
        return configured.isEmpty() ? configured : SymbolShape.requireAll(configured);
    }

    /** Starts these streams to the configured sinks, all or nothing (a running one is left as it is). */
    public StartResult startKeys(List<StreamKey> keys) {
        return startAll(keys, null);
    }

    /**
     * Stops the running streams to the configured sinks (not those to an {@code EventProcessor}) whose keys pass
     * {@code filter}; returns their ids. A cluster instance stops a group's streams so when it lets the group go.
     */
    public List<String> stopRunningSinkStreams(Predicate<StreamKey> filter) {
        lock.lock();
        try {
            return stopIds(runningIds(key -> filter.test(key) && !routes.hasProcessor(key.id())));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks the start-up symbol lists against the exchange (as {@link #startConfigured} does first) for a process that
     * reports configuration errors by key.
     *
     * @throws ConfigurationException naming {@code binance.trade.symbols} or {@code binance.kline.symbols}, or
     *                                {@code binance.symbols.quote-assets} when a {@code *} list would be empty
     */
    public void checkConfiguredSymbols() {
        for (Setting key : List.of(Setting.TRADE_SYMBOLS, Setting.KLINE_SYMBOLS)) {
            try {
                configuredSymbols(key);
            } catch (InvalidSymbolException e) {
                throw new ConfigurationException(key.key(), settings.get(key),
                        "symbols the exchange lists as TRADING (" + e.getMessage() + ")");
            }
        }
    }

    /** The start-up symbols of {@code key}: the list validated, or for {@code *} every TRADING symbol kept now. */
    private List<String> configuredSymbols(Setting key) {
        if (settings.allSymbols(key)) {
            List<String> all = List.copyOf(symbolSets.current(kindOf(key)));
            if (all.isEmpty()) {
                throw new ConfigurationException(Setting.SYMBOLS_QUOTE_ASSETS.key(),
                        settings.get(Setting.SYMBOLS_QUOTE_ASSETS), "quote assets of at least one TRADING symbol ("
                        + key.key() + " = " + BinanceSettings.ALL_SYMBOLS + " found none)");
            }
            return all;
        }
        List<String> configured = settings.list(key);
        return configured.isEmpty() ? configured : symbols.validate(configured);
    }

    private static StreamKind kindOf(Setting key) {
        return key == Setting.TRADE_SYMBOLS ? StreamKind.TRADE : StreamKind.KLINE;
    }

    /**
     * Follows the exchange's listing for every {@code *} symbol list: starts the streams of symbols that became TRADING
     * (with a quote asset of {@code binance.symbols.quote-assets}) since the last look, and stops those of symbols
     * that are no longer TRADING (their rows stay, STOPPED, with the reason). Each change logged and counted
     * ({@link SymbolSetCounts}). Reads the cached exchangeInfo: a new one is fetched once
     * {@code binance.symbols.cache-ttl} has passed. Run by the {@code binance-symbol-sets} timer route; does nothing
     * without a {@code *} list. A symbol whose stream a user stopped is not started again unless it left TRADING and
     * came back.
     */
    public void refreshSymbolSets() {
        for (Setting key : List.of(Setting.TRADE_SYMBOLS, Setting.KLINE_SYMBOLS)) {
            if (!settings.allSymbols(key)) {
                continue;
            }
            try {
                SymbolSets.Change change = symbolSets.changes(kindOf(key));
                if (!change.isEmpty()) {
                    apply(kindOf(key), change);
                    symbolSets.seen(kindOf(key), change.now());
                }
            } catch (RuntimeException e) { // exchangeInfo, or a cluster's topic, not read: applied again next time
                LOG.warn("Symbol set {} = *: not refreshed now ({}); trying again at the next check", key.key(),
                        e instanceof BinanceDataException ? e.getMessage() : e.toString());
            }
        }
    }

    private void apply(StreamKind kind, SymbolSets.Change change) {
        String list = kind == StreamKind.TRADE ? Setting.TRADE_SYMBOLS.key() : Setting.KLINE_SYMBOLS.key();
        if (!change.left().isEmpty()) {
            String reason = "the exchange no longer lists the symbol as TRADING (" + list + " = *)";
            List<String> ids = stopRunning(k -> k.kind() == kind && change.left().contains(k.symbol()));
            LOG.info("Symbol set {} = *: {} symbol(s) left TRADING, stopped {} stream(s): {}", list,
                    change.left().size(), ids.size(), change.left());
            ids.forEach(id -> registry.find(id).ifPresent(s -> s.transition(StreamState.STOPPED, reason)));
            symbolSets.counts().onStopped(kind, ids.size());
        }
        List<String> joined = ledHere(change.joined());
        if (!joined.isEmpty()) {
            LOG.info("Symbol set {} = *: {} symbol(s) now TRADING, starting their streams: {}", list,
                    joined.size(), joined);
            List<StreamKey> keys = kind == StreamKind.TRADE ? tradeKeys(joined)
                    : klineKeys(joined, intervals(settings.klineIntervals()));
            if (cluster != null) {
                cluster.continueWhereWritesEnded(keys); // another leader may have run them before this one knew
            }
            StartResult result = startAll(keys, null);
            symbolSets.counts().onStarted(kind, result.started().size());
        }
        if (joined.size() < change.joined().size()) {
            LOG.info("Symbol set {} = *: {} symbol(s) now TRADING in cluster groups led elsewhere: {}", list,
                    change.joined().size() - joined.size(), change.joined().stream()
                            .filter(symbol -> !joined.contains(symbol)).toList());
        }
    }

    /** The symbols whose cluster group this instance leads; all of them without a cluster. */
    private List<String> ledHere(List<String> symbolList) {
        ClusterMembership membership = cluster;
        return membership == null ? symbolList : symbolList.stream()
                .filter(symbol -> membership.leads(StreamGroups.group(symbol, membership.groups()))).toList();
    }

    /**
     * Streams of one kind to the configured sinks, as the control interfaces ask for them: trade streams for the symbols
     * ({@code intervals} unused), or kline streams for every symbol × interval.
     */
    public StartResult start(StreamKind kind, Collection<String> symbolList, Collection<String> intervals) {
        requireNoIntervalsForTrades(kind, intervals);
        return kind == StreamKind.TRADE ? startTrades(symbolList, null) : startKlines(symbolList, intervals, null);
    }

    /** Intervals name kline streams: given with trade streams they are a mistake, not something to ignore. */
    private static void requireNoIntervalsForTrades(StreamKind kind, Collection<String> intervals) {
        if (kind == StreamKind.TRADE && intervals != null && !intervals.isEmpty()) {
            throw new InvalidRequestException("Intervals are for kline streams; a trade stream has none (intervals "
                    + intervals.stream().map(Echo::of).toList() + " given with kind trade)");
        }
    }

    /**
     * Trade streams for the symbols; to the configured trade sinks, or only to {@code processor} when given. At most
     * {@value #MAX_STREAMS_PER_REQUEST} streams a request.
     */
    public StartResult startTrades(Collection<String> symbolList, EventProcessor processor) {
        requireRequestSize(distinctSymbols(symbolList), 1);
        return startAll(tradeKeys(symbolList), processor);
    }

    /**
     * Kline streams for every symbol × interval; to the configured kline sinks, or only to {@code processor}. At most
     * {@value #MAX_STREAMS_PER_REQUEST} streams a request.
     */
    public StartResult startKlines(Collection<String> symbolList, Collection<String> intervals, EventProcessor processor) {
        List<String> checkedIntervals = intervals(intervals);
        requireRequestSize(distinctSymbols(symbolList), checkedIntervals.size());
        return startAll(klineKeys(symbolList, checkedIntervals), processor);
    }

    /** How many streams the symbols name: one per symbol as a stream key has it, however often it is given. */
    private static int distinctSymbols(Collection<String> symbolList) {
        return symbolList == null ? 0 : (int) symbolList.stream().map(StreamKey::normalize).distinct().count();
    }

    /** The trade streams of the symbols, validated against the exchange (the configured lists start them unbounded). */
    private List<StreamKey> tradeKeys(Collection<String> symbolList) {
        return symbols.validate(symbolList).stream().map(StreamKey::trade).toList();
    }

    /** The kline streams of every symbol × checked interval ({@link #intervals}), the symbols validated. */
    private List<StreamKey> klineKeys(Collection<String> symbolList, List<String> checkedIntervals) {
        List<StreamKey> keys = new ArrayList<>();
        for (String symbol : symbols.validate(symbolList)) {
            for (String interval : checkedIntervals) {
                keys.add(StreamKey.kline(symbol, interval));
            }
        }
        return keys;
    }

    /**
     * A request (HTTP, JMX, the control route, the Java API) starts at most {@value #MAX_STREAMS_PER_REQUEST} streams:
     * the streams of a start are added under the lock every other start and stop waits for, at up to ~16 ms a stream
     * in a JVM that has started none (BENCHMARKS.md), so one request of 24,000 kline streams held every stop (and a
     * cluster's hand-over) for minutes. The configured lists are not bounded.
     */
    private static void requireRequestSize(int symbolCount, int intervalCount) {
        long streams = (long) symbolCount * intervalCount;
        if (streams > MAX_STREAMS_PER_REQUEST) {
            throw new InvalidRequestException("A request starts at most " + MAX_STREAMS_PER_REQUEST + " streams; this "
                    + "one asks for " + streams + (intervalCount > 1 ? " (" + symbolCount + " symbols, "
                    + intervalCount + " intervals each)" : "") + ": send it in parts");
        }
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
        // streams whose route this start replaces (FAILED, retrying): given their route back if the start fails
        Map<String, Optional<EventProcessor>> rerun = new LinkedHashMap<>();
        ClusterMembership membership = cluster;
        if (processor == null && membership != null) {
            requireLedHere(keys, membership, configuredKeysAsApplied());
        }
        lock.lock();
        try {
            for (StreamKey key : keys) {
                if (routes.isLive(key.id())) {
                    already.add(key.id());
                    LOG.info("Stream {} is already running; start ignored", key.id());
                    continue;
                }
                if (routes.exists(key.id())) {
                    rerun.put(key.id(), Optional.ofNullable(routes.processorOf(key.id())));
                }
                routes.remove(key.id());
                replaced.put(key.id(), registry.find(key.id()).orElse(null));
                routes.add(registry.register(key, true), processor);
                started.add(key.id());
            }
        } catch (Exception e) {
            rollBack(replaced, rerun);
            if (e instanceof BinanceDataException b) {
                throw b;
            }
            throw new BinanceDataException("Could not start streams " + keys + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return new StartResult(List.copyOf(started), List.copyOf(already));
    }

    /**
     * In a cluster, streams to the configured sinks run only on the leader of their group (elsewhere the Kafka sink's
     * fence would drop every batch): refuses the whole start when one is in a group led elsewhere, naming the group and
     * its leader. A stream of a group led here that is not in the configuration is started with a warning: the group's
     * next leader will not run it.
     *
     * @throws GroupLedElsewhereException naming every such stream; nothing is started
     */
    private static void requireLedHere(List<StreamKey> keys, ClusterMembership membership,
                                       Collection<StreamKey> configured) {
        Set<StreamKey> inConfiguration = new HashSet<>(configured);
        Map<Integer, List<String>> elsewhere = new TreeMap<>();
        for (StreamKey key : keys) {
            int group = StreamGroups.group(key, membership.groups());
            if (!membership.leads(group)) {
                elsewhere.computeIfAbsent(group, g -> new ArrayList<>()).add(key.id());
            } else if (!inConfiguration.contains(key)) {
                LOG.warn("Stream {} is not in the configuration: it runs while this instance leads cluster group {};"
                        + " the group's next leader will not run it (add the symbol to the configuration of every"
                        + " instance to keep it in the cluster)", key.id(), group);
            }
        }
        if (elsewhere.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        elsewhere.forEach((group, streams) -> {
            ids.addAll(streams);
            groups.add(streams + " in group " + group + " (led by "
                    + membership.leaderOf(group).map(leader -> "instance " + leader).orElse("an instance not known now")
                    + ")");
        });
        throw new GroupLedElsewhereException(ids, "Not started: this cluster instance (" + membership.node()
                + ") does not lead the group of stream(s) " + String.join("; ", groups) + "; start them there, or add"
                + " the symbols to the configuration of every instance");
    }

    /**
     * Takes back what a failed start did: the routes it added and the rows it created; a stream whose route it replaced
     * (one that had failed and was retrying) gets its route back, to the same sinks or processor, and goes on retrying.
     */
    private void rollBack(Map<String, StreamStatus> replaced, Map<String, Optional<EventProcessor>> rerun) {
        replaced.forEach((id, previous) -> {
            removeQuietly(id);
            registry.restore(id, previous);
            Optional<EventProcessor> again = rerun.get(id);
            if (previous != null && again != null) {
                try {
                    routes.add(previous, again.orElse(null));
                    LOG.info("Stream {} not started again: the request failed; it goes on as before it", id);
                    return;
                } catch (Exception e) {
                    LOG.warn("Stream {}: the request failed and its route could not be given back ({}); stopped",
                            id, e.getMessage(), e);
                    removeQuietly(id);
                }
            }
            if (previous != null && previous.state() != StreamState.STOPPED) {
                previous.transition(StreamState.STOPPED, null);
            }
            LOG.info("Stream {} not started: the request failed, nothing of it was kept", id);
        });
    }

    private void removeQuietly(String id) {
        try {
            routes.remove(id);
        } catch (Exception e) {
            LOG.warn("Stream {}: could not remove its route: {}", id, e.getMessage(), e);
        }
    }

    /**
     * Stops streams of one kind, as the control interfaces ask for it: the trade streams of the symbols
     * ({@code intervals} unused), or their kline streams ({@link #stopKlines}).
     */
    public List<String> stop(StreamKind kind, Collection<String> symbolList, Collection<String> intervals) {
        requireNoIntervalsForTrades(kind, intervals);
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
        List<String> symbolsToStop = requireSymbols(symbolList);
        lock.lock(); // the running streams listed and stopped in one go: another stop cannot come between
        try {
            for (String symbol : symbolsToStop) {
                if (!every) {
                    checked.forEach(interval -> ids.add(StreamKey.kline(symbol, interval).id()));
                    continue;
                }
                List<String> running = runningIds(k -> k.kind() == StreamKind.KLINE && k.symbol().equals(symbol));
                if (running.isEmpty()) {
                    missing.add(StreamKey.anyKlineId(symbol));
                }
                ids.addAll(running);
            }
            if (!missing.isEmpty()) {
                throw new StreamNotActiveException(missing);
            }
            return stopIds(ids);
        } finally {
            lock.unlock();
        }
    }

    /** Stops every running stream of a kind (or of both kinds when {@code kind} is null); returns their ids. */
    public List<String> stopAll(StreamKind kind) {
        return stopRunning(k -> kind == null || k.kind() == kind);
    }

    /** Stops the running streams {@code filter} selects, listed under the lock (a stop in between cannot fail it). */
    private List<String> stopRunning(Predicate<StreamKey> filter) {
        lock.lock();
        try {
            return stopIds(runningIds(filter));
        } finally {
            lock.unlock();
        }
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
