package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The reader's UTF-8 decoding of whole text messages: exact, strict, bounded, re-using its arrays. */
class TextMessageDecoderTest {
    private static final String TRADE = "{\"e\":\"trade\",\"E\":1764547200123,\"s\":\"BTCUSDT\",\"t\":5473190001,"
            + "\"p\":\"91234.56000000\",\"q\":\"0.00120000\",\"T\":1764547200122,\"m\":true,\"M\":true}";

    @Test
    void shouldDecodeAnAsciiMessageAndReuseItsArrays() throws Exception {
        TextMessageDecoder decoder = new TextMessageDecoder(1 << 20);
        assertThat(decoder.append(Buffer.buffer(TRADE))).isTrue();
        CharSequence first = decoder.decode();
        assertThat(first.toString()).isEqualTo(TRADE);

        assertThat(decoder.append(Buffer.buffer("{\"a\":1}"))).isTrue();
        CharSequence second = decoder.decode();
        assertThat(second.toString()).isEqualTo("{\"a\":1}");
        assertThat(second).as("the same view, re-used").isSameAs(first);
    }

    @Test
    void shouldDecodeMultiByteCharactersSplitAcrossContinuationFrames() throws Exception {
        String message = "{\"s\":\"币安人生USDT\",\"p\":\"1.5\"}";
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        int split = message.indexOf('币') + 7; // inside the third byte sequence of the symbol
        TextMessageDecoder decoder = new TextMessageDecoder(1 << 20);
        decoder.append(Buffer.buffer(Arrays.copyOfRange(utf8, 0, split)));
        decoder.append(Buffer.buffer(Arrays.copyOfRange(utf8, split, utf8.length)));

        assertThat(decoder.decode().toString()).isEqualTo(message);
    }

    @Test
    void shouldRefuseMalformedUtf8() {
        TextMessageDecoder decoder = new TextMessageDecoder(1 << 20);
        decoder.append(Buffer.buffer(new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xC3, '"', '}'}));

        assertThatThrownBy(decoder::decode).isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void shouldStartAfreshAfterAMalformedMessage() throws Exception {
        TextMessageDecoder decoder = new TextMessageDecoder(1 << 20);
        decoder.append(Buffer.buffer(new byte[] {(byte) 0xFF}));
        assertThatThrownBy(decoder::decode).isInstanceOf(CharacterCodingException.class);

        decoder.append(Buffer.buffer(TRADE));
        assertThat(decoder.decode().toString()).isEqualTo(TRADE);
    }

    @Test
    void shouldRefuseAMessageLargerThanItsBoundAndTakeNothingOfIt() throws Exception {
        TextMessageDecoder decoder = new TextMessageDecoder(10);
        assertThat(decoder.append(Buffer.buffer("0123456"))).isTrue();
        assertThat(decoder.append(Buffer.buffer("7890"))).as("11 bytes").isFalse();
        assertThat(decoder.decode().toString()).isEqualTo("0123456");
    }

    @Test
    void shouldGrowForAMessageLargerThanItsFirstArrays() throws Exception {
        String large = "x".repeat(10_000) + "é";
        TextMessageDecoder decoder = new TextMessageDecoder(1 << 20);
        decoder.append(Buffer.buffer(large.substring(0, 6000)));
        decoder.append(Buffer.buffer(large.substring(6000)));
        assertThat(decoder.decode().toString()).isEqualTo(large);
    }
}
