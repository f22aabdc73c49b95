package io.binancedata.symbols;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.stream.StreamKey;

/**
 * The exchange's symbols, read from exchangeInfo and cached for the configured time-to-live. Only symbols in status
 * {@code TRADING} are valid. At most one fetch runs at a time; callers during a fetch wait for its result.
 */
public final class SymbolDirectory {
    public static final String TRADING = "TRADING";

    private final Supplier<Map<String, String>> source;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Object fetchLock = new Object();
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, String> statuses, long fetchedAtNanos) {
    }

    public SymbolDirectory(Supplier<Map<String, String>> source, Duration ttl, LongSupplier nanoTime) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    public SymbolDirectory(ExchangeInfoClient client, Duration ttl) {
        this(client::fetchStatuses, ttl, System::nanoTime);
    }

    private Map<String, String> statuses() {
        Snapshot s = snapshot;
        if (s != null && nanoTime.getAsLong() - s.fetchedAtNanos < ttlNanos) {
            return s.statuses;
        }
        synchronized (fetchLock) {
            s = snapshot;
            if (s != null && nanoTime.getAsLong() - s.fetchedAtNanos < ttlNanos) {
                return s.statuses;
            }
            Map<String, String> fresh = Map.copyOf(source.get());
            snapshot = new Snapshot(fresh, nanoTime.getAsLong());
            return fresh;
        }
    }

    /** Every symbol currently in status TRADING, sorted. */
    public Set<String> tradingSymbols() {
        Set<String> trading = new TreeSet<>();
        statuses().forEach((symbol, status) -> {
            if (TRADING.equals(status)) {
                trading.add(symbol);
            }
        });
        return trading;
    }

    /**
     * Checks symbols all-or-nothing, case-insensitively.
     *
     * @return the symbols upper-cased, duplicates removed, in the given order
     * @throws InvalidSymbolException naming every symbol that is unknown or not TRADING
     */
    public List<String> validate(Collection<String> symbols) {
        if (symbols == null || symbols.isEmpty()) {
            throw new InvalidRequestException("No symbols given");
        }
        Map<String, String> statuses = statuses();
        Set<String> valid = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String raw : symbols) {
            String symbol = raw == null ? "" : StreamKey.normalize(raw);
            String status = statuses.get(symbol);
            if (TRADING.equals(status)) {
                valid.add(symbol);
            } else {
                invalid.add(raw);
                reasons.add(raw + (status == null ? " is not listed" : " is " + status + ", not TRADING"));
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidSymbolException(invalid, String.join("; ", reasons));
        }
        return List.copyOf(valid);
    }
}
