/**
 * The control plane: starting, stopping and listing streams, listing and validating symbols. One service,
 * {@link io.binancedata.control.StreamManager}, does it with typed arguments and results for every caller, each of
 * which calls it directly: the Java API ({@code BinanceData}), the streams named at start-up, JMX
 * ({@link io.binancedata.control.JmxControl}, {@code binance.data:type=Streams}), the HTTP control API
 * ({@link io.binancedata.control.HttpControl} behind {@link io.binancedata.control.ControlHttpEngine}, with its Host
 * and token checks) and the control route {@code direct:control} ({@link io.binancedata.control.StreamControl}), the
 * Camel entry point for users' own routes. JSON exists only at the edges that speak it: HTTP bodies, the control
 * route's messages and JMX's answers ({@link io.binancedata.control.ControlJson} reads, {@link
 * io.binancedata.control.ControlReplies} writes).
 */
package io.binancedata.control;
