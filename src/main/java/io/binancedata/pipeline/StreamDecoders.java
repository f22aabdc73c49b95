package io.binancedata.pipeline;

import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;

/** The {@link FrameDecoder} of a stream: {@link TradeFrameDecoder} or {@link KlineFrameDecoder}. */
public final class StreamDecoders {
    private StreamDecoders() {
    }

    public static FrameDecoder of(StreamKey key) {
        return key.kind() == StreamKind.TRADE ? new TradeFrameDecoder(key.symbol())
                : new KlineFrameDecoder(key.symbol(), key.interval());
    }
}
