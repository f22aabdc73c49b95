package io.binancedata.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an instant of the command line, ISO-8601: {@code 2024-08-08T23:54:00Z}, with an offset
 * {@code 2024-08-09T01:54:00+02:00}, or a date {@code 2024-08-08} meaning its start in UTC. Anything else is refused
 * with the forms it takes (a date-time without a zone is refused: it would depend on the machine's time zone).
 */
final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(final String text) {
        try {
            if (text.length() == "yyyy-mm-dd".length()) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (final DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not an ISO-8601 instant: expected e.g."
                    + " 2024-08-08T23:54:00Z, 2024-08-09T01:54:00.5+02:00 or 2024-08-08 (start of the day, UTC)");
        }
    }
}
