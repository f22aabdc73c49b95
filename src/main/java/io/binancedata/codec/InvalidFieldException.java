package io.binancedata.codec;

/**
 * A field of an incoming Binance payload has a value this product cannot represent exactly: malformed, missing,
 * out of range for the SBE type, or inconsistent. The message names the field and the offending text, so the
 * frame can be dead-lettered with a reason a person can act on.
 * <p>
 * Thrown only on the failure path; building it allocates, encoding valid input never does.
 */
public final class InvalidFieldException extends RuntimeException {
    private static final int MAX_VALUE_CHARS = 64;

    private final String field;
    private final String value;

    /**
     * @param field  name of the field as it appears in the payload, e.g. {@code p} or {@code k.v}.
     * @param value  the offending value as received, {@code null} when the field is missing.
     * @param reason why the value is rejected, e.g. {@code "does not fit an int64 mantissa"}.
     */
    public InvalidFieldException(final String field, final CharSequence value, final String reason) {
        super(message(field, value, reason));
        this.field = field;
        this.value = value == null ? null : value.toString();
    }

    /**
     * @return name of the rejected field.
     */
    public String field() {
        return field;
    }

    /**
     * @return the rejected value as received, or {@code null} when it was missing.
     */
    public String value() {
        return value;
    }

    private static String message(final String field, final CharSequence value, final String reason) {
        final StringBuilder sb = new StringBuilder(96).append("invalid field '").append(field).append("' = ");
        if (value == null) {
            sb.append("null");
        } else if (value.length() <= MAX_VALUE_CHARS) {
            sb.append('"').append(value).append('"');
        } else {
            sb.append('"').append(value, 0, MAX_VALUE_CHARS).append("...\" (").append(value.length()).append(" chars)");
        }
        return sb.append(": ").append(reason).toString();
    }
}
