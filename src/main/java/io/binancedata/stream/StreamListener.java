package io.binancedata.stream;

/** Told when a stream's route is added (with its fresh status) and when it is removed. Called under the routes lock. */
public interface StreamListener {
    void started(StreamStatus status);

    void removed(String streamId);
}
