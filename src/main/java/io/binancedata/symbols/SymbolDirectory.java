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
            Map<String, String> fresh = wellShaped(source.get());
            snapshot = new Snapshot(fresh, nanoTime.getAsLong());
            return fresh;
        }
    }

    private static Map<String, String> wellShaped(Map<String, String> listed) {
        Map<String, String> kept = new HashMap<>();
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
        Set<String> trading = new TreeSet<>();
        statuses().forEach((symbol, status) -> {
            if (TRADING.equals(status)) {
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
        Map<String, String> statuses = statuses();
        Set<String> valid = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String raw : symbols) {
            String symbol = SymbolShape.normalize(raw);
            String status = statuses.get(symbol);
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
