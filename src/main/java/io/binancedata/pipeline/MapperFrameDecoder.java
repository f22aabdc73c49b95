package io.binancedata.pipeline;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.InvalidFieldException;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.KlineEventEncoder;
import io.binancedata.codec.MarketEvent;
import io.binancedata.codec.TradeEvent;
import io.binancedata.codec.TradeEventEncoder;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import org.agrona.MutableDirectBuffer;

/** Interim decoder through Jackson databind and the event encoders (allocates per frame). */
public final class MapperFrameDecoder implements FrameDecoder {
    private static final ObjectReader TRADES = EventMapper.create().readerFor(TradeEvent.class);
    private static final ObjectReader KLINES = EventMapper.create().readerFor(KlineEvent.class);

    private final StreamKey key;
    private final TradeEventEncoder trades = new TradeEventEncoder();
    private final KlineEventEncoder klines = new KlineEventEncoder();
    private MarketEvent last;

    public MapperFrameDecoder(StreamKey key) {
        this.key = key;
    }

    @Override
    public int templateId() {
        return key.kind() == StreamKind.TRADE ? TradeDecoder.TEMPLATE_ID : KlineDecoder.TEMPLATE_ID;
    }

    @Override
    public int maxEncodedLength() {
        return Math.max(TradeEventEncoder.MAX_ENCODED_LENGTH, KlineEventEncoder.MAX_ENCODED_LENGTH);
    }

    @Override
    public int decode(char[] chars, int start, int end, long receiveTimeMicros, MutableDirectBuffer buffer,
                      int offset) {
        MarketEvent event;
        try {
            event = (key.kind() == StreamKind.TRADE ? TRADES : KLINES).readValue(new String(chars, start, end - start));
            if (event == null) {
                throw new InvalidFrameException("the frame is JSON null", null, -1);
            }
            if (!key.symbol().equals(event.symbol())) {
                throw new InvalidFrameException("Frame for symbol " + event.symbol() + " on stream of " + key.symbol(),
                        "s", -1);
            }
            int length = event instanceof TradeEvent t ? trades.encode(t, receiveTimeMicros, buffer, offset)
                    : klines.encode((KlineEvent) event, receiveTimeMicros, buffer, offset);
            last = event;
            return length;
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new InvalidFrameException(e.getClass().getSimpleName() + (field == null ? "" : " at field '" + field
                    + "'") + ": " + e.getOriginalMessage(), field, -1);
        } catch (IOException | InvalidFieldException e) {
            String message = e.getMessage();
            int newline = message == null ? -1 : message.indexOf('\n');
            throw new InvalidFrameException(e.getClass().getSimpleName() + ": "
                    + (newline > 0 ? message.substring(0, newline) : message), null, -1);
        }
    }

    @Override
    public long eventTimeMicros() {
        return last.eventTimeMillis() * 1000;
    }

    @Override
    public long sequence() {
        return last instanceof TradeEvent t ? t.tradeId() : ((KlineEvent) last).kline().openTimeMillis() * 1000;
    }

    @Override
    public boolean isFinal() {
        return last.isFinalUpdate();
    }
}
