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
        final int dot = validate(text, field);
        final int last = lastSignificantDigit(text);
        final long mantissa = mantissa(text, field, last);
        final byte exponent = exponent(text, field, dot, last);
        target.mantissa(mantissa).exponent(exponent);
    }

    /**
     * @param text  decimal string as received from Binance.
     * @param field payload field name used in the error message.
     * @return the normalised mantissa of {@code text}.
     * @throws InvalidFieldException if the text is malformed or does not fit.
     * @see #parseExponent(CharSequence, String)
     */
    public static long parseMantissa(final CharSequence text, final String field) {
        final int dot = validate(text, field);
        final int last = lastSignificantDigit(text);
        exponent(text, field, dot, last);
        return mantissa(text, field, last);
    }

    /**
     * @param text  decimal string as received from Binance.
     * @param field payload field name used in the error message.
     * @return the normalised exponent of {@code text}.
     * @throws InvalidFieldException if the text is malformed or does not fit.
     * @see #parseMantissa(CharSequence, String)
     */
    public static byte parseExponent(final CharSequence text, final String field) {
        final int dot = validate(text, field);
        final int last = lastSignificantDigit(text);
        mantissa(text, field, last);
        return exponent(text, field, dot, last);
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

    /** Checks the syntax; returns the index of the dot, or the length when there is none. */
    private static int validate(final CharSequence text, final String field) {
        if (text == null) {
            throw new InvalidFieldException(field, null, "missing");
        }
        final int length = text.length();
        final int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
        int i = skipDigits(text, start);
        if (i == start) {
            throw new InvalidFieldException(field, text, SYNTAX);
        }
        if (i == length) {
            return length;
        }
        final int dot = i;
        if (text.charAt(dot) != '.') {
            throw new InvalidFieldException(field, text, SYNTAX);
        }
        i = skipDigits(text, dot + 1);
        if (i == dot + 1 || i != length) {
            throw new InvalidFieldException(field, text, SYNTAX);
        }
        return dot;
    }

    private static int skipDigits(final CharSequence text, final int from) {
        final int length = text.length();
        int i = from;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    /** Index of the last non-zero digit, or -1 when the value is zero. Assumes validated text. */
    private static int lastSignificantDigit(final CharSequence text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            final char c = text.charAt(i);
            if (c >= '1' && c <= '9') {
                return i;
            }
        }
        return -1;
    }

    private static long mantissa(final CharSequence text, final String field, final int last) {
        final boolean negative = text.charAt(0) == '-';
        long mantissa = 0;
        for (int i = negative ? 1 : 0; i <= last; i++) {
            final char c = text.charAt(i);
            if (c != '.') {
                final int digit = c - '0';
                if (mantissa > (Long.MAX_VALUE - digit) / 10) {
                    throw new InvalidFieldException(field, text, "does not fit an int64 mantissa");
                }
                mantissa = mantissa * 10 + digit;
            }
        }
        return negative ? -mantissa : mantissa;
    }

    private static byte exponent(final CharSequence text, final String field, final int dot, final int last) {
        if (last < 0) {
            return 0;
        }
        final int exponent = last > dot ? dot - last : dot - 1 - last;
        if (exponent < -MAX_ABS_EXPONENT || exponent > MAX_ABS_EXPONENT) {
            throw new InvalidFieldException(field, text, "exponent " + exponent + " outside [-127, 127]");
        }
        return (byte)exponent;
    }
}
