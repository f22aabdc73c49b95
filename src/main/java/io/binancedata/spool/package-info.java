/**
 * The {@code spool} Camel component: wraps one sink so that its outages lose nothing. A failing delivery is retried,
 * a circuit breaker per sink stops calling a sink that keeps failing, and messages that cannot be delivered go to a
 * local spool on disk, from which they are re-delivered in order when the sink recovers; a message is never dropped
 * (one the spool cannot take is thrown back to the route).
 *
 * <p>Plain classes, no Camel imports: {@link io.binancedata.spool.SpoolStore} (with {@code SpoolSegment},
 * {@code CommitFile}, {@code RecordCodec}) keeps the spool files; {@link io.binancedata.spool.SpoolingSink} (with
 * {@code SpoolDrainer}) holds the delivery rules and the resilience4j circuit breaker;
 * {@link io.binancedata.spool.SpoolUris} builds spool URIs. {@link io.binancedata.spool.SpoolComponent},
 * {@link io.binancedata.spool.SpoolEndpoint}, {@link io.binancedata.spool.SpoolProducer} and {@code DelegateDelivery}
 * adapt them to Camel.
 */
package io.binancedata.spool;
