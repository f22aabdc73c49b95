package io.binancedata.codec;

import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.TradeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers around the generated decoders. */
public final class Sbe {
    private Sbe() {
    }

    public static UnsafeBuffer randomBuffer(final int capacity, final long seed) {
        final byte[] bytes = new byte[capacity];
        new Random(seed).nextBytes(bytes);
        return new UnsafeBuffer(bytes);
    }

    public static TradeDecoder tradeDecoder(final DirectBuffer buffer, final int offset) {
        final MessageHeaderDecoder header = header(buffer, offset, TradeDecoder.TEMPLATE_ID, TradeDecoder.BLOCK_LENGTH);
        return new TradeDecoder().wrapAndApplyHeader(buffer, offset, header);
    }

    public static KlineDecoder klineDecoder(final DirectBuffer buffer, final int offset) {
        final MessageHeaderDecoder header = header(buffer, offset, KlineDecoder.TEMPLATE_ID, KlineDecoder.BLOCK_LENGTH);
        return new KlineDecoder().wrapAndApplyHeader(buffer, offset, header);
    }

    private static MessageHeaderDecoder header(final DirectBuffer buffer, final int offset, final int templateId,
        final int blockLength) {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        assertThat(header.templateId()).isEqualTo(templateId);
        assertThat(header.blockLength()).isEqualTo(blockLength);
        assertThat(header.schemaId()).isEqualTo(7201);
        assertThat(header.version()).isEqualTo(2);
        return header;
    }

    public static BigDecimal value(final DecimalDecoder decimal) {
        return new BigDecimal(BigInteger.valueOf(decimal.mantissa()), -decimal.exponent());
    }

    /** Asserts the decoded decimal is the source text exactly, in canonical (stripped) form. */
    public static void assertDecimal(final DecimalDecoder decimal, final String source) {
        final BigDecimal expected = new BigDecimal(source);
        final BigDecimal canonical = expected.signum() == 0 ? BigDecimal.ZERO : expected.stripTrailingZeros();
        assertThat(value(decimal)).as(source).isEqualByComparingTo(expected);
        assertThat(decimal.mantissa()).as(source).isEqualTo(canonical.unscaledValue().longValueExact());
        assertThat(decimal.exponent()).as(source).isEqualTo((byte)-canonical.scale());
        assertThat(DecimalParser.format(decimal.mantissa(), decimal.exponent()))
            .as(source).isEqualTo(canonical.toPlainString());
    }
}
