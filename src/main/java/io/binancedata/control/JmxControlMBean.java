package io.binancedata.control;

import javax.management.openmbean.TabularData;

/**
 * The product's JMX interface, {@code binance.data:type=Streams}. Symbols and intervals are comma-separated text.
 * Every operation calls the stream manager and answers with the control route's JSON reply; a
 * refused request raises an {@link IllegalArgumentException} whose message is the product's error, a failure of the
 * server's own an {@link IllegalStateException} with its cause chain (as plain {@code RuntimeException}s, readable by
 * a remote client without the product's classes), logged with its cause on the server.
 */
public interface JmxControlMBean {
    String startTradeStreams(String symbols);

    String startKlineStreams(String symbols, String intervals);

    String stopTradeStreams(String symbols);

    /** Stops the kline streams of the symbols; an empty {@code intervals} stops every interval. */
    String stopKlineStreams(String symbols, String intervals);

    String stopAllStreams();

    /** One row per stream: id, state and counters. */
    TabularData listStreams();

    int getStreamCount();
}
