package io.binancedata.management;

import javax.management.openmbean.TabularData;

/**
 * The product's JMX interface, {@code binance.data:type=Streams}. Symbols and intervals are comma-separated text.
 * Every operation goes through the control route ({@code direct:control}) and answers with its JSON reply; a
 * refused request raises an {@link IllegalArgumentException} whose message is the product's error.
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
