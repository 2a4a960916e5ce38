package org.supportdesk.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link UtcInstants}: every instant reads as Jackson's own deserializer reads it, or is refused as it refuses it. */
@QuarkusTest
class UtcInstantsTest {

    @Inject
    ObjectMapper json;

    /** Jackson's instants alone, as every service read them before. */
    private final ObjectMapper reference = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    @Test
    void theServicesMapperReadsInstantsByHand() throws Exception {
        DefaultDeserializationContext context = ((DefaultDeserializationContext) json.getDeserializationContext())
                .createInstance(json.getDeserializationConfig(), null, null);
        JsonDeserializer<Object> instants = context.findRootValueDeserializer(json.constructType(Instant.class));
        assertThat(instants).isInstanceOf(UtcInstants.Deserializer.class);
    }

    @Test
    void instantsWrittenInUtcReadExactlyWithAnyNumberOfFractionDigits() throws Exception {
        Random random = new Random(20261206);
        for (int i = 0; i < 20_000; i++) {
            // from year 1 to 9999, each with 0 to 9 digits of fraction
            long second = -62_135_596_800L + (long) (random.nextDouble() * 315_537_897_599L);
            int digits = i % 10;
            StringBuilder text = new StringBuilder(Instant.ofEpochSecond(second).toString());
            text.setLength(text.length() - 1);
            if (digits > 0) {
                text.append('.');
                for (int d = 0; d < digits; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            String written = text.append('Z').toString();
            assertThat(json.readValue('"' + written + '"', Instant.class)).as(written).isEqualTo(Instant.parse(written));
        }
    }

    /**
     * An instant or a day outside the years 1 to 9999 is refused as malformed input (400 in a request, a
     * poison message in an event): PostgreSQL cannot store most of them, and the calendars' time-zone
     * arithmetic fails on the rest, so they answered 500 where they reached a service.
     */
    @Test
    void instantsAndDaysOutsideTheYearsOneTo9999AreRefused() throws Exception {
        for (String value : List.of("\"-5000-01-01T00:00:00Z\"", "\"0000-12-31T23:59:59.999Z\"", "\"+10000-01-01T00:00:00Z\"",
                "\"+1000000000-12-31T23:59:59Z\"", "-99999999999", "\"-0001-01-01T00:00:00+02:00\"")) {
            assertThatThrownBy(() -> json.readValue(value, Instant.class)).as(value)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
        }
        for (String value : List.of("\"-5000-01-01\"", "\"0000-06-01\"", "\"+10000-01-01\"")) {
            assertThatThrownBy(() -> json.readValue(value, java.time.LocalDate.class)).as(value)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
        }
        assertThat(json.readValue("\"0001-01-01T00:00:00Z\"", Instant.class)).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(json.readValue("\"9999-12-31T23:59:59.999999999Z\"", Instant.class))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        assertThat(json.readValue("\"9999-12-31\"", java.time.LocalDate.class)).isEqualTo(java.time.LocalDate.of(9999, 12, 31));
        assertThat(json.readValue("null", java.time.LocalDate.class)).isNull();
    }

    @Test
    void anyOtherFormReadsOrIsRefusedAsJacksonsOwnDeserializerDoes() throws Exception {
        List<String> values = List.of("\"2026-12-06T10:00:00+02:00\"", "\"2026-12-06t08:00:00z\"", "\"2016-12-31T23:59:60Z\"",
                "\"1969-12-31T23:59:59.5Z\"", "\"2024-02-29T23:59:59.999999999Z\"",
                "1700000000", "1700000000.5", "\"1700000000\"", "\"2023-02-29T00:00:00Z\"", "\"2026-13-01T00:00:00Z\"",
                "\"2026-12-06T24:00:00Z\"", "\"2026-12-06 08:00:00Z\"", "\"2026-12-06T08:00:00.Z\"",
                "\"2026-12-06T08:00:00.1234567890Z\"", "\"2026-12-06T08:0a:00Z\"", "\"\"", "\"Z\"", "null");
        for (String value : values) {
            Instant expected;
            try {
                expected = reference.readValue(value, Instant.class);
            } catch (Exception refused) {
                assertThatThrownBy(() -> json.readValue(value, Instant.class)).as(value).isInstanceOf(refused.getClass());
                continue;
            }
            assertThat(json.readValue(value, Instant.class)).as(value).isEqualTo(expected);
        }
    }
}
