package io.binancedata.stream;

/** Life-cycle state of one stream, as reported by the Java API, the control route and (later) JMX and metrics. */
public enum StreamState {
    /** First connection attempt under way. */
    CONNECTING,
    /** Connected; frames are delivered. */
    STREAMING,
    /** The connection was lost; a new attempt is scheduled or under way. */
    RECONNECTING,
    /** Connected but silent for longer than allowed. */
    STALLED,
    /** Reconnect attempts used up; a start command restarts the stream at once. */
    FAILED,
    /** Stopped on request. */
    STOPPED
}
