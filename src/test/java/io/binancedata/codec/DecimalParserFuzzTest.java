package io.binancedata.codec;

import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.DecimalEncoder;
import io.binancedata.support.Fuzz;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Property-based (fuzz) tests of {@link DecimalParser} against {@link BigDecimal}, run by {@link Fuzz} (FUZZING.md: a
 * short run in every build, {@code -Dfuzz.scale=K} for a long one).
 * <p>
 * Every decimal string Binance can send (up to 8 decimals and 20 digits, padded with zeros or not) is read exactly
 * as {@code BigDecimal} reads it, in canonical form, or refused when its digits do not fit an int64 mantissa; any
 * other text is accepted exactly when it is a plain decimal ({@code -?digits(.digits)?}) that fits, and otherwise
 * refused with an {@link InvalidFieldException} naming the field and the text, never another exception.
 */
class DecimalParserFuzzTest {
    private static final int TRIES = 5_000;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final BigInteger MAX_MANTISSA = BigInteger.valueOf(Long.MAX_VALUE);
    /** Characters of decimals, of their near misses and of what else a string field can hold. */
    private static final String NEAR_DECIMAL_CHARS = "0123456789012345678900000.-+eE ,_\t\n\u0660\u0661\uff11\u00b7xN";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[DecimalEncoder.ENCODED_LENGTH + 16]);
    private final DecimalEncoder encoder = new DecimalEncoder();
    private final DecimalDecoder decoder = new DecimalDecoder();

    @Test
    void shouldReadEveryBinanceDecimalAsBigDecimalDoes() {
        Fuzz.check("Binance decimals", TRIES, DecimalParserFuzzTest::binanceDecimal, (text, tally) -> {
            final BigDecimal expected = canonical(new BigDecimal(text));
            if (expected.unscaledValue().abs().compareTo(MAX_MANTISSA) > 0) {
                tally.count("mantissa over int64");
                assertThatThrownBy(() -> DecimalParser.parse(text, "p", encoder.wrap(buffer, 3)))
                    .isInstanceOf(InvalidFieldException.class)
                    .hasMessage("invalid field 'p' = \"" + text + "\": does not fit an int64 mantissa");
                return;
            }
            tally.count("read exactly");
            assertParsedAs(text, expected);
        });
    }

    @Test
    void shouldAcceptExactlyThePlainDecimalsThatFit() {
        Fuzz.check("decimal-like text", TRIES, DecimalParserFuzzTest::decimalLikeText, (text, tally) -> {
            final BigDecimal expected = PLAIN_DECIMAL.matcher(text).matches() ? canonical(new BigDecimal(text)) : null;
            final boolean fits = expected != null && expected.unscaledValue().abs().compareTo(MAX_MANTISSA) <= 0
                && Math.abs(expected.scale()) <= DecimalParser.MAX_ABS_EXPONENT;
            tally.count(fits ? "fitting decimal" : expected != null ? "decimal out of range" : "not a plain decimal");
            if (fits) {
                assertParsedAs(text, expected);
                return;
            }
            final Throwable refused = catchThrowable(() -> DecimalParser.parse(text, "k.q", encoder.wrap(buffer, 0)));
            assertThat(refused).as("refused: not a plain decimal that fits").isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("invalid field 'k.q' = \"");
            assertThat(((InvalidFieldException)refused).value()).isEqualTo(text);
            final char[] chars = ("{\"q\":\"" + text + "\"}").toCharArray();
            assertThatThrownBy(() -> DecimalParser.parse(chars, 6, 6 + text.length(), "k.q", encoder.wrap(buffer, 0)))
                .as("from a char range").isInstanceOf(InvalidFieldException.class).hasMessage(refused.getMessage());
        });
    }

    /**
     * What Binance sends: up to 8 decimals and 20 digits in all, often padded to 8 decimals with zeros, integer part
     * 0 often; rarely signed.
     */
    private static String binanceDecimal(final Random random) {
        final int decimals = random.nextInt(9);
        final String integer = random.nextInt(4) == 0 ? "0" : digits(random, 1 + random.nextInt(20 - decimals));
        String fraction = digits(random, decimals);
        if (random.nextBoolean()) {
            final int kept = random.nextInt(decimals + 1);
            fraction = fraction.substring(0, kept) + "0".repeat(decimals - kept);
        }
        return (random.nextInt(10) == 0 ? "-" : "") + integer + (decimals == 0 ? "" : "." + fraction);
    }

    /**
     * Binance decimals with one to three characters deleted, inserted or replaced; decimals with long runs of zeros
     * (exponents near the int8 limits, mantissas near the int64 one); strings of decimal-like characters.
     */
    private static String decimalLikeText(final Random random) {
        switch (random.nextInt(10)) {
            case 0, 1, 2:
                return binanceDecimal(random);
            case 3, 4, 5, 6: {
                String text = binanceDecimal(random);
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    text = edit(text, random);
                }
                return text;
            }
            case 7, 8: {
                final String significant = String.valueOf(1 + random.nextInt(random.nextBoolean() ? 9 : 999_999_999));
                final String zeros = "0".repeat(random.nextInt(141));
                return random.nextBoolean() ? "0." + zeros + significant
                    : significant + zeros + (random.nextBoolean() ? ".0" : "");
            }
            default: {
                final char[] chars = new char[random.nextInt(26)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = NEAR_DECIMAL_CHARS.charAt(random.nextInt(NEAR_DECIMAL_CHARS.length()));
                }
                return new String(chars);
            }
        }
    }

    private void assertParsedAs(final String text, final BigDecimal expected) {
        final long mantissa = expected.unscaledValue().longValueExact();
        final byte exponent = (byte)-expected.scale();
        DecimalParser.parse(text, "p", encoder.wrap(buffer, 3));
        assertThat(decoder.wrap(buffer, 3).mantissa()).as(text).isEqualTo(mantissa);
        assertThat(decoder.exponent()).as(text).isEqualTo(exponent);

        final char[] chars = ("{\"p\":\"" + text + "\",\"q\":\"9\"}").toCharArray();
        DecimalParser.parse(chars, 6, 6 + text.length(), "p", encoder.wrap(buffer, 3));
        assertThat(decoder.mantissa()).as("from a char range: %s", text).isEqualTo(mantissa);
        assertThat(decoder.exponent()).as("from a char range: %s", text).isEqualTo(exponent);
        assertThat(DecimalParser.format(mantissa, exponent)).as(text).isEqualTo(expected.toPlainString());
    }

    /** The one form the parser writes: trailing zeros stripped, every zero as (0, 0). */
    private static BigDecimal canonical(final BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private static String digits(final Random random, final int count) {
        final char[] digits = new char[count];
        for (int i = 0; i < count; i++) {
            digits[i] = (char)('0' + random.nextInt(10));
        }
        return new String(digits);
    }

    /** {@code text} with one character deleted, inserted or replaced. */
    private static String edit(final String text, final Random random) {
        final int at = random.nextInt(text.length() + 1);
        final char c = NEAR_DECIMAL_CHARS.charAt(random.nextInt(NEAR_DECIMAL_CHARS.length()));
        return switch (random.nextInt(3)) {
            case 0 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text + c;
            case 1 -> text.substring(0, at) + c + text.substring(at);
            default -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : c + text;
        };
    }
}
