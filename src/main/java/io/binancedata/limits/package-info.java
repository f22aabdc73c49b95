/**
 * Client-side limits that keep the product inside Binance's per-IP limits:
 * {@link io.binancedata.limits.ConnectionLimiter} for WebSocket connection attempts,
 * {@link io.binancedata.limits.HostGate} for a host's request weight and the 429/418 back-off (REST calls and
 * WebSocket upgrades alike). Plain Java, no Camel; each answers "go now" or "wait this long" and never blocks itself.
 */
package io.binancedata.limits;
