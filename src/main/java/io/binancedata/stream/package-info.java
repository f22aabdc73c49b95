/**
 * The stream model every layer above shares, plain Java: a stream's identity ({@link io.binancedata.stream.StreamKey},
 * {@link io.binancedata.stream.StreamKind}, {@link io.binancedata.stream.SymbolShape}), its health
 * ({@link io.binancedata.stream.StreamStatus} in the {@link io.binancedata.stream.StreamRegistry}), the headers its
 * messages carry ({@link io.binancedata.stream.StreamHeaders}) and the two batches it moves: the raw frames a socket
 * delivered ({@link io.binancedata.stream.FrameBatch}) and the SBE messages the sinks get
 * ({@link io.binancedata.stream.EventBatch}).
 */
package io.binancedata.stream;
