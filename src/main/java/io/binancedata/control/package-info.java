/**
 * The control plane: starting, stopping and listing streams. {@link io.binancedata.control.StreamManager} does it
 * for every caller: the Java API and the streams named at start-up directly; the control route
 * {@code direct:control} ({@link io.binancedata.control.StreamControl}), and through it JMX and the HTTP control API
 * ({@link io.binancedata.control.HttpControl} behind {@link io.binancedata.control.ControlHttpEngine}, with its Host
 * and token checks).
 */
package io.binancedata.control;
