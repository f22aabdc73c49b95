package io.binancedata.codec;

import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.DecimalEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecimalParserTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[DecimalEncoder.ENCODED_LENGTH + 7]);
    private final DecimalEncoder encoder = new DecimalEncoder();
    private final DecimalDecoder decoder = new DecimalDecoder();

    /** The mantissa {@link DecimalParser#parse(CharSequence, String, DecimalEncoder)} writes for {@code text}. */
    private static long mantissa(final String text, final String field) {
        return parsed(text, field).mantissa();
    }

    /** The exponent {@link DecimalParser#parse(CharSequence, String, DecimalEncoder)} writes for {@code text}. */
    private static byte exponent(final String text, final String field) {
        return parsed(text, field).exponent();
    }

    /** {@code text} parsed into a Decimal of its own (the test's buffer stays as it is). */
    private static DecimalDecoder parsed(final String text, final String field) {
        final UnsafeBuffer own = new UnsafeBuffer(new byte[DecimalEncoder.ENCODED_LENGTH]);
        DecimalParser.parse(text, field, new DecimalEncoder().wrap(own, 0));
        return new DecimalDecoder().wrap(own, 0);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1} x 10^{2}")
    @CsvSource(delimiter = '|', value = {
        "61837.63000000          | 6183763                | -2",
        "0.02000000              | 2                      | -2",
        "0.00009000              | 9                      | -5",
        "0.00000000              | 0                      | 0",
        "0                       | 0                      | 0",
        "-0                      | 0                      | 0",
        "-0.000                  | 0                      | 0",
        "12345678901234.00000000 | 12345678901234         | 0",
        "1337913.58654308        | 133791358654308        | -8",
        "-0.5                    | -5                     | -1",
        "-1.5                    | -15                    | -1",
        "100                     | 1                      | 2",
        "1000.000                | 1                      | 3",
        "1020                    | 102                    | 1",
        "007.10                  | 71                     | -1",
        "9223372036854775807     | 9223372036854775807    | 0",
        "-9223372036854775807    | -9223372036854775807   | 0",
        "9223372036854775800     | 92233720368547758      | 2",
        "922337203685477580.7    | 9223372036854775807    | -1",
        "0.9223372036854775807   | 9223372036854775807    | -19",
        "0.00000000000000000001234567890123456789 | 1234567890123456789 | -38",
        "92233720368547758070    | 9223372036854775807    | 1",
    })
    void shouldParseExactlyAndStripTrailingZeros(final String text, final long mantissa, final byte exponent) {
        encoder.wrap(buffer, 3);
        DecimalParser.parse(text, "p", encoder);
        decoder.wrap(buffer, 3);

        assertThat(decoder.mantissa()).isEqualTo(mantissa);
        assertThat(decoder.exponent()).isEqualTo(exponent);
        assertThat(mantissa(text, "p")).isEqualTo(mantissa);
        assertThat(exponent(text, "p")).isEqualTo(exponent);

        buffer.setMemory(0, buffer.capacity(), (byte)0x5a);
        final char[] frame = ("{\"p\":\"" + text + "\"}").toCharArray();
        DecimalParser.parse(frame, 6, 6 + text.length(), "p", encoder.wrap(buffer, 3));
        assertThat(decoder.mantissa()).as("from a char range").isEqualTo(mantissa);
        assertThat(decoder.exponent()).as("from a char range").isEqualTo(exponent);
    }

    @Test
    void shouldAcceptExtremeExponents() {
        final String tiny = "0." + "0".repeat(126) + "1";
        final String huge = "1" + "0".repeat(127);

        assertThat(exponent(tiny, "p")).isEqualTo((byte)-127);
        assertThat(exponent(huge, "p")).isEqualTo((byte)127);
        assertThat(mantissa(huge, "p")).isEqualTo(1);
    }

    @ParameterizedTest(name = "\"{0}\" rejected")
    @ValueSource(strings = {
        "", "-", "--1", "1.2.3", " 1", "1 ", "+1", "1e5", "1E5", "0E-8", "١٢", "1.", ".5", "-.5", "1,5", "0x10",
        "NaN", "Infinity", "1.5\n", "１",
        "9223372036854775808", "-9223372036854775808", "92233720368547758080", "99999999999999999999999",
        "1.2345678901234567891", "-0.00000000000000000012345678901234567891",
    })
    void shouldRejectAnythingButAFittingPlainDecimal(final String text) {
        assertThatThrownBy(() -> DecimalParser.parse(text, "q", encoder.wrap(buffer, 0)))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("'q'")
            .hasMessageContaining("\"" + text + "\"")
            .satisfies(e -> assertThat(((InvalidFieldException)e).field()).isEqualTo("q"))
            .satisfies(e -> assertThat(((InvalidFieldException)e).value()).isEqualTo(text));
        assertThatThrownBy(() -> mantissa(text, "q")).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> exponent(text, "q")).isInstanceOf(InvalidFieldException.class);
        final char[] frame = ("\"" + text + "\",").toCharArray();
        assertThatThrownBy(() -> DecimalParser.parse(frame, 1, 1 + text.length(), "k.q", encoder.wrap(buffer, 0)))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageStartingWith("invalid field 'k.q' = \"" + text + "\": ")
            .satisfies(e -> assertThat(((InvalidFieldException)e).value()).isEqualTo(text));
    }

    @Test
    void shouldReadOnlyTheGivenCharRange() {
        final char[] chars = "1.50.5".toCharArray();

        DecimalParser.parse(chars, 0, 3, "p", encoder.wrap(buffer, 0));
        assertThat(decoder.wrap(buffer, 0).mantissa()).isEqualTo(15);
        assertThat(decoder.exponent()).isEqualTo((byte)-1);
        DecimalParser.parse(chars, 3, 6, "p", encoder.wrap(buffer, 0));
        assertThat(decoder.wrap(buffer, 0).mantissa()).isEqualTo(5);
        assertThat(decoder.exponent()).isEqualTo((byte)-1);
        assertThatThrownBy(() -> DecimalParser.parse(chars, 2, 2, "p", encoder.wrap(buffer, 0)))
            .hasMessage("invalid field 'p' = \"\": not a plain decimal of the form [-]digits[.digits]");
    }

    @Test
    void shouldRejectExponentOutsideInt8ButNullValue() {
        final String tooSmall = "0." + "0".repeat(127) + "1";
        final String tooBig = "1" + "0".repeat(128);

        assertThatThrownBy(() -> exponent(tooSmall, "v"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("exponent -128");
        assertThatThrownBy(() -> mantissa(tooBig, "v"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("exponent 128")
            .hasMessageContaining("(129 chars)");
    }

    @Test
    void shouldRejectMissingValue() {
        assertThatThrownBy(() -> DecimalParser.parse(null, "k.o", encoder.wrap(buffer, 0)))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessage("invalid field 'k.o' = null: missing");
    }

    @Test
    void shouldNameMantissaOverflow() {
        assertThatThrownBy(() -> mantissa("92233720368547758080", "k.v"))
            .hasMessage("invalid field 'k.v' = \"92233720368547758080\": does not fit an int64 mantissa");
    }

    @ParameterizedTest(name = "({0}, {1}) -> \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "6183763              | -2  | 61837.63",
        "2                    | -2  | 0.02",
        "1                    | 2   | 100",
        "0                    | 0   | 0",
        "0                    | 5   | 0",
        "0                    | -2  | 0.00",
        "-5                   | -1  | -0.5",
        "-15                  | -1  | -1.5",
        "100                  | -2  | 1.00",
        "12345678901234       | 0   | 12345678901234",
        "-9223372036854775808 | -20 | -0.09223372036854775808",
        "9223372036854775807  | 3   | 9223372036854775807000",
        "1                    | -8  | 0.00000001",
    })
    void shouldFormatExactPlainDecimal(final long mantissa, final byte exponent, final String expected) {
        assertThat(DecimalParser.format(mantissa, exponent)).isEqualTo(expected);
        assertThat(DecimalParser.appendTo(new StringBuilder("x="), mantissa, exponent).toString())
            .isEqualTo("x=" + expected);
    }

    @Test
    void shouldFormatLikeBigDecimalPlainString() {
        final Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            final long mantissa = randomMantissa(random);
            final byte exponent = (byte)random.nextInt(256);
            if (mantissa == 0 && exponent > 0) {
                continue; // BigDecimal keeps zeros' scale; covered by the table above
            }
            final BigDecimal expected = new BigDecimal(BigInteger.valueOf(mantissa), -exponent);
            assertThat(DecimalParser.format(mantissa, exponent)).isEqualTo(expected.toPlainString());
        }
    }

    @Test
    void shouldRoundTripRandomDecimalsAgainstBigDecimal() {
        final Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            final long unscaled = randomMantissa(random);
            if (unscaled == Long.MIN_VALUE) {
                continue;
            }
            final BigDecimal value = new BigDecimal(BigInteger.valueOf(unscaled), random.nextInt(41) - 20);
            final String text = value.toPlainString();

            encoder.wrap(buffer, 0);
            DecimalParser.parse(text, "p", encoder);
            decoder.wrap(buffer, 0);

            final BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
            assertThat(decoder.mantissa()).as(text).isEqualTo(stripped.unscaledValue().longValueExact());
            assertThat(decoder.exponent()).as(text).isEqualTo((byte)-stripped.scale());
            final String formatted = DecimalParser.format(decoder.mantissa(), decoder.exponent());
            assertThat(new BigDecimal(formatted)).as(text).isEqualByComparingTo(value);
            assertThat(formatted).isEqualTo(stripped.toPlainString());
        }
    }

    private static long randomMantissa(final Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(1_000_000) - 500_000;
            case 2 -> random.nextLong() >> random.nextInt(64);
            default -> (long)random.nextInt(10_000) * 1000L;
        };
    }
}
