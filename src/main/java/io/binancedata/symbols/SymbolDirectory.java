package io.binancedata.symbols;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.binancedata.api.Echo;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.stream.SymbolShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange's symbols, read from exchangeInfo and cached for the configured time-to-live. Only symbols in status
 * {@code TRADING} are valid. At most one fetch runs at a time; callers during a fetch wait for its result.
 * <p>
 * The listing is not trusted: a symbol without a symbol's shape ({@link SymbolShape}, e.g. {@code A/B}) is left out
 * of it (logged at WARN once per fetch) and refused like any other badly shaped symbol.
 */
public final class SymbolDirectory {
    public static final String TRADING = "TRADING";
    private static final Logger LOG = LoggerFactory.getLogger(SymbolDirectory.class);
    private static final int SHOWN_REFUSED = 5;

    private final Supplier<Map<String, SymbolListing>> source;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Object fetchLock = new Object();
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, SymbolListing> statuses, long fetchedAtNanos) {
    }

    public SymbolDirectory(Supplier<Map<String, SymbolListing>> source, Duration ttl, LongSupplier nanoTime) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    public SymbolDirectory(ExchangeInfoClient client, Duration ttl) {
        this(client::fetchListings, ttl, System::nanoTime);
    }

    private Map<String, SymbolListing> statuses() {
        Snapshot s = snapshot;
        if (s != null && nanoTime.getAsLong() - s.fetchedAtNanos < ttlNanos) {
            return s.statuses;
        }
        synchronized (fetchLock) {
            s = snapshot;
            if (s != null && nanoTime.getAsLong() - s.fetchedAtNanos < ttlNanos) {
                return s.statuses;
            }
            Map<String, SymbolListing> fresh = wellShaped(source.get());
            snapshot = new Snapshot(fresh, nanoTime.getAsLong());
            return fresh;
        }
    }

    private static Map<String, SymbolListing> wellShaped(Map<String, SymbolListing> listed) {
        Map<String, SymbolListing> kept = new HashMap<>();
        List<String> refused = new ArrayList<>();
        listed.forEach((symbol, status) -> {
            if (SymbolShape.isValid(symbol)) {
                kept.put(symbol, status);
            } else {
                refused.add(Echo.of(symbol));
            }
        });
        if (!refused.isEmpty()) {
            LOG.warn("exchangeInfo lists {} symbol(s) without a symbol's shape ({}), left out: {}{}", refused.size(),
                    SymbolShape.RULE, String.join(", ", refused.subList(0, Math.min(SHOWN_REFUSED, refused.size()))),
                    refused.size() > SHOWN_REFUSED ? ", …" : "");
        }
        return Map.copyOf(kept);
    }

    /** Every symbol currently in status TRADING, sorted. */
    public Set<String> tradingSymbols() {
        return tradingSymbols(Set.of());
    }

    /**
     * Every symbol currently in status TRADING whose quote asset is one of {@code quoteAssets} (all when empty), sorted;
     * from the cache, or from a new exchangeInfo when the cache has expired.
     */
    public Set<String> tradingSymbols(Collection<String> quoteAssets) {
        Set<String> trading = new TreeSet<>();
        statuses().forEach((symbol, listing) -> {
            if (listing.trading() && (quoteAssets.isEmpty() || quoteAssets.contains(listing.quoteAsset()))) {
                trading.add(symbol);
            }
        });
        return trading;
    }

    /**
     * Checks symbols all-or-nothing, case-insensitively: first their shape ({@link SymbolShape}, without asking the
     * exchange), then their status.
     *
     * @return the symbols upper-cased, duplicates removed, in the given order
     * @throws io.binancedata.api.InvalidRequestException when no symbol is given
     * @throws InvalidSymbolException naming every symbol that is badly shaped, or else every one unknown or not TRADING
     */
    public List<String> validate(Collection<String> symbols) {
        SymbolShape.requireAll(symbols);
        Map<String, SymbolListing> statuses = statuses();
        Set<String> valid = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String raw : symbols) {
            String symbol = SymbolShape.normalize(raw);
            SymbolListing listing = statuses.get(symbol);
            String status = listing == null ? null : listing.status();
            if (TRADING.equals(status)) {
                valid.add(symbol);
            } else if (!invalid.contains(raw)) {
                invalid.add(raw);
                reasons.add(Echo.of(raw) + (status == null ? " is not listed" : " is " + Echo.of(status)
                        + ", not TRADING"));
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidSymbolException(invalid, String.join("; ", reasons));
        }
        return List.copyOf(valid);
    }
}
