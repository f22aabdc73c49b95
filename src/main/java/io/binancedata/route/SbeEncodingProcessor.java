package io.binancedata.route;

import java.util.Arrays;

import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.KlineEventEncoder;
import io.binancedata.codec.MarketEvent;
import io.binancedata.codec.TradeEvent;
import io.binancedata.codec.TradeEventEncoder;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Encodes one stream's unmarshalled events as SBE. One instance per stream, used by the stream's single thread:
 * the encoders and the buffer are created once and re-used for every message.
 */
public final class SbeEncodingProcessor implements Processor {
    private static final int MAX_MESSAGE_LENGTH = 4096;

    private final StreamStatus status;
    private final String symbol;
    private final TradeEventEncoder tradeEncoder = new TradeEventEncoder();
    private final KlineEventEncoder klineEncoder = new KlineEventEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_MESSAGE_LENGTH]);

    public SbeEncodingProcessor(StreamStatus status) {
        this.status = status;
        this.symbol = status.key().symbol();
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        MarketEvent event = message.getBody(MarketEvent.class);
        if (event == null) {
            throw new IllegalArgumentException("Frame is not a market event: " + message.getBody());
        }
        if (!symbol.equals(event.symbol())) {
            throw new IllegalArgumentException("Frame for symbol " + event.symbol() + " on stream of " + symbol);
        }
        long receiveTime = message.getHeader(StreamHeaders.RECEIVE_TIME, Long.class);
        int length;
        int templateId;
        if (event instanceof TradeEvent trade) {
            length = tradeEncoder.encode(trade, receiveTime, buffer, 0);
            templateId = TradeDecoder.TEMPLATE_ID;
        } else {
            length = klineEncoder.encode((KlineEvent) event, receiveTime, buffer, 0);
            templateId = KlineDecoder.TEMPLATE_ID;
        }
        long eventTime = event.eventTimeMillis() * 1000L;
        message.setBody(Arrays.copyOf(buffer.byteArray(), length));
        message.setHeader(StreamHeaders.EVENT_TIME, eventTime);
        message.setHeader(StreamHeaders.TEMPLATE_ID, templateId);
        status.onMessage(length, eventTime, receiveTime);
    }
}
