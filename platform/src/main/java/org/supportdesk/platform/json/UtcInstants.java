package org.supportdesk.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants written as every service writes them ({@code 2026-12-06T08:58:05.123456Z}: ISO-8601 in
 * UTC, up to nine digits of fraction) are read by hand, field by field; anything else (an offset, a
 * lower-case {@code t} or {@code z}, a leap second, a number, a malformed value) goes to Jackson's own
 * {@link InstantDeserializer}, which reads or refuses it as before. Every consumed event carries
 * instants (a closed session six), and {@code DateTimeFormatter} took 7% of billing-service's event
 * loop while rating.
 *
 * <p>An instant or a day ({@link LocalDate}) outside the years 1 to 9999 is refused as malformed
 * input, whatever its form (400 in a request, a poison message in an event): PostgreSQL cannot store
 * most of them, and time-zone arithmetic fails on the rest.
 */
@Singleton
public class UtcInstants implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("utc-instants").addDeserializer(Instant.class, new Deserializer())
                .addDeserializer(LocalDate.class, new Days()));
    }

    /** Last, after Quarkus' own customizer has registered the Java time module: the module registered last wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    static final class Deserializer extends StdScalarDeserializer<Instant> {

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant read = utc(parser.getText());
                if (read != null) {
                    return within(read, parser, context);
                }
            }
            Instant read = InstantDeserializer.INSTANT.deserialize(parser, context);
            return read == null ? null : within(read, parser, context);
        }

        private static Instant within(Instant read, JsonParser parser, DeserializationContext context) throws IOException {
            return !withinYears(read)
                    ? (Instant) context.handleWeirdStringValue(Instant.class, parser.getText(), OUTSIDE)
                    : read;
        }
    }

    /** Days as Jackson reads them, within the years 1 to 9999. */
    static final class Days extends StdScalarDeserializer<LocalDate> {

        Days() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            LocalDate read = com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer.INSTANCE
                    .deserialize(parser, context);
            return read == null || (read.getYear() >= 1 && read.getYear() <= 9999) ? read
                    : (LocalDate) context.handleWeirdStringValue(LocalDate.class, parser.getText(), OUTSIDE);
        }
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final String OUTSIDE = "not within the years 1 to 9999";

    /**
     * Whether an instant lies within the years 1 to 9999, as every instant the services take does
     * (PostgreSQL keeps years up to 294276, {@code Instant} up to a billion; a client's cursor or a clock
     * moved forward is held to the same bounds as a request's body).
     */
    public static boolean withinYears(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} read exactly, or null for any other text. */
    static Instant utc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21; // between the '.' and the 'Z'
            if (text.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // no such day: Jackson's deserializer says so
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 if any of it is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
