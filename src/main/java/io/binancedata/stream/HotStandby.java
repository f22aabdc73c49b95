package io.binancedata.stream;

import java.util.Set;

/**
 * What a cluster instance that is a hot standby ({@code binance.cluster.hot-standby}) asks of its connections: keep
 * the frames of the streams other instances run, and hand them to a take-over. Streams by their Binance names
 * ({@code btcusdt@trade}).
 */
public interface HotStandby {
    /** The streams whose frames are kept from now on (those of the groups led elsewhere); the others are let go. */
    void standBy(Set<String> streamNames);

    /**
     * A take-over of these streams begins: their kept frames are not dropped for their age until their routes run
     * (an empty set: none is being taken over).
     */
    void holdForTakeOver(Set<String> streamNames);

    /** Streams kept now, subscribed and confirmed by the exchange. */
    int standingBy();

    /** Frames kept now, all streams together. */
    long framesKept();
}
