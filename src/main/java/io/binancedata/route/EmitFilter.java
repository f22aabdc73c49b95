package io.binancedata.route;

import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.MarketEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The stream route's filter: which unmarshalled events are encoded and sent to the sinks. Bound per stream as the
 * route template's local bean {@code emitFilter} and used with the ref language, so the per-frame decision is a
 * plain method call (no simple/OGNL bean introspection per message).
 * <ul>
 *   <li>{@link #ALL} ({@code binance.kline.emit=all}, and every trade stream): every event passes;</li>
 *   <li>{@link #CLOSED} (the default for kline streams): a {@link KlineEvent} passes only when it is the final
 *       version of its candle ({@code k.x}); trades always pass. A body that is no {@link MarketEvent} passes too,
 *       so that the SBE encoder rejects it and it is dead-lettered as with {@code all}, not silently dropped.</li>
 * </ul>
 * Stateless; both instances are shared.
 */
public final class EmitFilter implements Predicate {
    /** Every event passes. */
    public static final EmitFilter ALL = new EmitFilter(true);
    /** Klines only once their candle is closed; everything else passes. */
    public static final EmitFilter CLOSED = new EmitFilter(false);

    private final boolean all;

    private EmitFilter(boolean all) {
        this.all = all;
    }

    /** {@link #ALL} when every update is to be emitted, else {@link #CLOSED}. */
    public static EmitFilter of(boolean emitAll) {
        return emitAll ? ALL : CLOSED;
    }

    @Override
    public boolean matches(Exchange exchange) {
        return all || !(exchange.getMessage().getBody() instanceof MarketEvent event) || event.isFinalUpdate();
    }

    @Override
    public String toString() {
        return all ? "emit all" : "emit closed";
    }
}
