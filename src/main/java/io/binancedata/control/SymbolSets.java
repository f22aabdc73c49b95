package io.binancedata.control;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.binancedata.stream.StreamKind;
import io.binancedata.stream.SymbolSetCounts;
import io.binancedata.symbols.SymbolDirectory;

/**
 * The symbol sets: a symbol list of {@code *} means every symbol the exchange lists as TRADING whose quote asset is
 * one of {@code binance.symbols.quote-assets} (every symbol when none is given). Remembers, per kind of stream, the
 * set last seen, and tells what changed since.
 */
final class SymbolSets {
    /**
     * What changed in a set: symbols that became TRADING, and symbols that are no longer TRADING, both sorted; and the
     * set now, to {@link #seen} once the change is applied.
     */
    record Change(List<String> joined, List<String> left, Set<String> now) {
        static final Change NONE = new Change(List.of(), List.of(), Set.of());

        boolean isEmpty() {
            return joined.isEmpty() && left.isEmpty();
        }
    }

    private final SymbolDirectory symbols;
    private final Collection<String> quoteAssets;
    private final Map<StreamKind, Set<String>> seen = new EnumMap<>(StreamKind.class);
    private final SymbolSetCounts counts = new SymbolSetCounts();

    SymbolSets(SymbolDirectory symbols, Collection<String> quoteAssets) {
        this.symbols = symbols;
        this.quoteAssets = List.copyOf(quoteAssets);
    }

    SymbolSetCounts counts() {
        return counts;
    }

    /** The set now, sorted; remembered as the one seen. */
    Set<String> current(StreamKind kind) {
        Set<String> now = symbols.tradingSymbols(quoteAssets); // may fetch exchangeInfo: not under the monitor
        seen(kind, now);
        return now;
    }

    /**
     * The change since the set was last {@link #seen} ({@link #current} or an applied change); none when the set was
     * never seen (its streams were not started from it). A fetch of exchangeInfo it needs does not hold up
     * {@link #lastSeen} (a take-over's and every start's look at the configuration).
     */
    Change changes(StreamKind kind) {
        Set<String> now = symbols.tradingSymbols(quoteAssets);
        Set<String> before = lastSeenOrNull(kind);
        if (before == null) {
            return Change.NONE;
        }
        Set<String> joined = new TreeSet<>(now);
        joined.removeAll(before);
        Set<String> left = new TreeSet<>(before);
        left.removeAll(now);
        return new Change(List.copyOf(joined), List.copyOf(left), now);
    }

    /** The set last seen ({@link #current} or an applied change), sorted; empty when never seen. */
    synchronized Set<String> lastSeen(StreamKind kind) {
        return seen.getOrDefault(kind, Set.of());
    }

    private synchronized Set<String> lastSeenOrNull(StreamKind kind) {
        return seen.get(kind);
    }

    /** Remembers the set whose changes were applied: a change that failed is found again at the next look. */
    synchronized void seen(StreamKind kind, Set<String> now) {
        seen.put(kind, now);
    }
}
