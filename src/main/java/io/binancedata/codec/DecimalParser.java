package io.binancedata.codec;

import io.binancedata.sbe.DecimalEncoder;

/**
 * Parses Binance decimal strings straight from characters into the SBE {@code Decimal} composite
 * (value = mantissa &times; 10<sup>exponent</sup>) without {@code double}, {@code BigDecimal} or allocation,
 * and renders such a pair back as an exact plain string.
 * <p>
 * <b>Accepted text</b>: exactly {@code [-]digits[.digits]} with ASCII digits: at least one digit before the
 * dot and, if there is a dot, at least one after it. Rejected with {@link InvalidFieldException}: {@code null},
 * the empty string, a sign alone, a leading {@code +}, a leading or trailing dot, two dots, spaces, exponent
 * notation, non-ASCII digits, any other character.
 * <p>
 * <b>Normalisation</b>: all trailing zeros are stripped, fractional ones and integer ones alike, so the
 * encoded pair is canonical and more values fit the int64 mantissa: {@code "61837.63000000"} &rarr;
 * (6183763, -2), {@code "12345678901234.00000000"} &rarr; (12345678901234, 0), {@code "100"} &rarr; (1, 2).
 * Every zero ({@code "0"}, {@code "0.00000000"}, {@code "-0"}) becomes (0, 0).
 * <p>
 * <b>Range</b>: the stripped mantissa must lie in &plusmn;{@link Long#MAX_VALUE} ({@link Long#MIN_VALUE} is the
 * SBE null value) and the exponent in [-127, 127] (-128 is the SBE null value); anything else is rejected,
 * never rounded.
 */
public final class DecimalParser {
    /** Largest accepted absolute exponent; {@code -128} is reserved as the SBE int8 null value. */
    public static final int MAX_ABS_EXPONENT = 127;

    private static final String SYNTAX = "not a plain decimal of the form [-]digits[.digits]";

    /** 10<sup>n</sup> for n in [0, 18]. */
    private static final long[] POWERS_OF_TEN = new long[19];

    /** {@code Long.MAX_VALUE / 10^n}: the largest mantissa that can be multiplied by 10<sup>n</sup>. */
    private static final long[] MAX_BEFORE_SCALING = new long[19];

    static {
        long power = 1;
        for (int n = 0; n < POWERS_OF_TEN.length; n++) {
            POWERS_OF_TEN[n] = power;
            MAX_BEFORE_SCALING[n] = Long.MAX_VALUE / power;
            power *= 10;
        }
    }

    private DecimalParser() {
    }

    /**
     * Parses {@code text} and writes the normalised mantissa and exponent into {@code target}.
     *
     * @param text   decimal string as received from Binance.
     * @param field  payload field name used in the error message, e.g. {@code p}.
     * @param target encoder of the Decimal composite, already positioned inside a message.
     * @throws InvalidFieldException if the text is malformed or does not fit.
     */
    public static void parse(final CharSequence text, final String field, final DecimalEncoder target) {
        parse(null, requirePresent(text, field), 0, text.length(), field, target);
    }

    /**
     * Parses the decimal in {@code chars[start, end)} (e.g. straight from a received frame) and writes the
     * normalised mantissa and exponent into {@code target}: the same rules as {@link #parse(CharSequence, String,
     * DecimalEncoder)}, without copying the characters.
     *
     * @param chars  holds the decimal text.
     * @param start  index of its first character.
     * @param end    index after its last character.
     * @param field  payload field name used in the error message, e.g. {@code k.o}.
     * @param target encoder of the Decimal composite, already positioned inside a message.
     * @throws InvalidFieldException if the text is malformed or does not fit.
     */
    public static void parse(final char[] chars, final int start, final int end, final String field,
        final DecimalEncoder target) {
        parse(chars, null, start, end, field, target);
    }

    /**
     * Renders mantissa &times; 10<sup>exponent</sup> exactly, in plain notation, without normalising:
     * (6183763, -2) &rarr; {@code "61837.63"}, (1, 2) &rarr; {@code "100"}, (-5, -1) &rarr; {@code "-0.5"},
     * (100, -2) &rarr; {@code "1.00"}, (0, e &ge; 0) &rarr; {@code "0"}. Same text as
     * {@code BigDecimal.toPlainString()}.
     *
     * @param mantissa unscaled value.
     * @param exponent power of ten.
     * @return the exact decimal as a plain string.
     */
    public static String format(final long mantissa, final byte exponent) {
        return appendTo(new StringBuilder(24), mantissa, exponent).toString();
    }

    /**
     * Appends the text of {@link #format(long, byte)} to {@code sb}.
     *
     * @param sb       destination.
     * @param mantissa unscaled value.
     * @param exponent power of ten.
     * @return {@code sb}.
     */
    public static StringBuilder appendTo(final StringBuilder sb, final long mantissa, final byte exponent) {
        final int digitsStart = sb.length() + (mantissa < 0 ? 1 : 0);
        sb.append(mantissa);
        if (exponent >= 0) {
            if (mantissa != 0) {
                for (int i = 0; i < exponent; i++) {
                    sb.append('0');
                }
            }
            return sb;
        }
        final int scale = -exponent;
        final int digits = sb.length() - digitsStart;
        if (digits > scale) {
            sb.insert(sb.length() - scale, '.');
        } else {
            sb.insert(digitsStart, '0').insert(digitsStart + 1, '.');
            for (int i = digits; i < scale; i++) {
                sb.insert(digitsStart + 2, '0');
            }
        }
        return sb;
    }

    private static CharSequence requirePresent(final CharSequence text, final String field) {
        if (text == null) {
            throw new InvalidFieldException(field, null, "missing");
        }
        return text;
    }

    /**
     * The one parser behind every public method, a single pass over the text: either {@code chars} or
     * {@code text} holds it, the other is null.
     * Zeros are counted and multiplied in only when a non-zero digit follows, so trailing zeros, integer and
     * fractional alike, are stripped without a second pass. The overflow check uses a constant bound (no division).
     * A syntax error wins over an overflow, an overflow over an exponent out of range.
     * The mantissa and exponent are written into {@code target}.
     */
    private static void parse(final char[] chars, final CharSequence text, final int start, final int end,
        final String field, final DecimalEncoder target) {
        int i = start;
        final boolean negative = i < end && at(chars, text, i) == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int pendingZeros = 0;
        int fractionDigits = 0;
        boolean overflow = false;
        int dot = -1;
        final int digitsStart = i;
        for (; i < end; i++) {
            final char c = at(chars, text, i);
            if (c == '0') {
                pendingZeros++;
            } else if (c >= '1' && c <= '9') {
                final int digit = c - '0';
                if (mantissa == 0) {
                    mantissa = digit;
                } else if (pendingZeros + 1 >= POWERS_OF_TEN.length
                    || mantissa > MAX_BEFORE_SCALING[pendingZeros + 1]) {
                    overflow = true;
                } else {
                    final long scaled = mantissa * POWERS_OF_TEN[pendingZeros + 1];
                    overflow |= scaled > Long.MAX_VALUE - digit;
                    mantissa = scaled + digit;
                }
                pendingZeros = 0;
            } else if (c == '.' && dot < 0 && i > digitsStart) {
                dot = i;
                continue;
            } else {
                throw syntaxError(chars, text, start, end, field);
            }
            if (dot >= 0) {
                fractionDigits++;
            }
        }
        if (i == digitsStart || dot == end - 1) {
            throw syntaxError(chars, text, start, end, field);
        }
        if (overflow) {
            throw new InvalidFieldException(field, value(chars, text, start, end), "does not fit an int64 mantissa");
        }
        final int exponent = mantissa == 0 ? 0 : pendingZeros - fractionDigits;
        if (exponent < -MAX_ABS_EXPONENT || exponent > MAX_ABS_EXPONENT) {
            throw new InvalidFieldException(field, value(chars, text, start, end),
                "exponent " + exponent + " outside [-127, 127]");
        }
        target.mantissa(negative ? -mantissa : mantissa).exponent((byte)exponent);
    }

    private static char at(final char[] chars, final CharSequence text, final int i) {
        return chars != null ? chars[i] : text.charAt(i);
    }

    private static InvalidFieldException syntaxError(final char[] chars, final CharSequence text, final int start,
        final int end, final String field) {
        return new InvalidFieldException(field, value(chars, text, start, end), SYNTAX);
    }

    private static CharSequence value(final char[] chars, final CharSequence text, final int start, final int end) {
        return chars != null ? new String(chars, start, end - start) : text.subSequence(start, end);
    }
}
