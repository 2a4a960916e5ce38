package org.supportdesk.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    /** PostgreSQL's order of two uuids: their 16 bytes compared unsigned, most significant first. */
    static int byBytes(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    @Test
    void anIdIsAVersion7UuidOfItsMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562
        assertThat(TimeOrderedIds.epochMillis(id)).isBetween(before, after);
        assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void idsOfLaterMillisecondsSortAfterInPostgresOrderWhateverTheirRandomBits() {
        long now = 1_796_313_432_000L;
        for (int n = 0; n < 1_000; n++) {
            UUID earlier = TimeOrderedIds.at(now + n);
            UUID later = TimeOrderedIds.at(now + n + 1);
            assertThat(byBytes(earlier, later)).as("%s before %s", earlier, later).isNegative();
        }
        // the sign bit of the most significant long is a time bit, not a reason to sort first
        UUID late = TimeOrderedIds.at(0x8000_0000_0000L);
        assertThat(byBytes(TimeOrderedIds.at(0x7FFF_FFFF_FFFFL), late)).isNegative();
        assertThat(TimeOrderedIds.epochMillis(late)).isEqualTo(0x8000_0000_0000L);
    }

    @Test
    void idsOfTheSameMillisecondAreDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int n = 0; n < 100_000; n++) {
            ids.add(TimeOrderedIds.at(1_796_313_432_000L));
        }
        assertThat(ids).hasSize(100_000);
        assertThatThrownBy(() -> TimeOrderedIds.epochMillis(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
