package io.binancedata.pipeline;

import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import org.agrona.MutableDirectBuffer;

/** The {@link FrameDecoder} of a stream: {@link TradeFrameDecoder} or {@link KlineFrameDecoder}. */
public final class StreamDecoders {
    private StreamDecoders() {
    }

    public static FrameDecoder of(StreamKey key) {
        return key.kind() == StreamKind.TRADE ? new Trades(new TradeFrameDecoder(key.symbol()))
                : new Klines(new KlineFrameDecoder(key.symbol(), key.interval()));
    }

    private record Klines(KlineFrameDecoder decoder) implements FrameDecoder {
        @Override
        public int templateId() {
            return KlineDecoder.TEMPLATE_ID;
        }

        @Override
        public int maxEncodedLength() {
            return KlineFrameDecoder.MAX_ENCODED_LENGTH;
        }

        @Override
        public int decode(char[] chars, int start, int end, long receiveTimeMicros, Source source,
                          MutableDirectBuffer buffer, int offset) {
            return decoder.decode(chars, start, end, receiveTimeMicros, source, buffer, offset);
        }

        @Override
        public long eventTimeMicros() {
            return decoder.eventTimeMicros();
        }

        @Override
        public long exchangeTimeMicros() {
            return decoder.exchangeTimeMicros();
        }

        @Override
        public long sequence() {
            return decoder.openTimeMicros();
        }

        @Override
        public boolean isFinal() {
            return decoder.closed();
        }
    }

    private record Trades(TradeFrameDecoder decoder) implements FrameDecoder {
        @Override
        public int templateId() {
            return TradeDecoder.TEMPLATE_ID;
        }

        @Override
        public int maxEncodedLength() {
            return TradeFrameDecoder.MAX_ENCODED_LENGTH;
        }

        @Override
        public int decode(char[] chars, int start, int end, long receiveTimeMicros, Source source,
                          MutableDirectBuffer buffer, int offset) {
            return decoder.decode(chars, start, end, receiveTimeMicros, source, buffer, offset);
        }

        @Override
        public long eventTimeMicros() {
            return decoder.eventTimeMicros();
        }

        @Override
        public long exchangeTimeMicros() {
            return decoder.exchangeTimeMicros();
        }

        @Override
        public long sequence() {
            return decoder.tradeId();
        }

        @Override
        public boolean isFinal() {
            return true;
        }
    }
}
