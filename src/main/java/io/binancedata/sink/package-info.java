/**
 * The product's default sink, the {@code sbe-file} Camel component: appends every SBE message to
 * {@code <dir>/trade/<SYMBOL>/<yyyy-MM-dd>.sbe} or {@code <dir>/kline_<interval>/<SYMBOL>/<yyyy-MM-dd>.sbe}
 * (UTC day of the exchange event time), each preceded by the Simple Open Framing Header: uint32 big-endian length
 * including the 6-byte header, uint16 big-endian 0xEB50. A reader walks a file frame by frame.
 *
 * <p>{@link io.binancedata.sink.FramedFileStore} does the work and has no Camel imports;
 * {@link io.binancedata.sink.SbeFileComponent}, {@link io.binancedata.sink.SbeFileEndpoint} and
 * {@link io.binancedata.sink.SbeFileProducer} adapt it to Camel. {@link io.binancedata.sink.SinkName} names any sink
 * (this one and the network sinks) for metrics, without the parts of its URI that may hold secrets.
 */
package io.binancedata.sink;
