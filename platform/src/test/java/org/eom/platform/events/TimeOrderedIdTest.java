package org.eom.platform.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Event ids are version 7 UUIDs, so consumers' processed_event index grows at its right edge. */
class TimeOrderedIdTest {

    @Test
    void anIdIsAVersion7UuidThatCarriesItsMillisecond() {
        long millis = Instant.parse("2026-11-29T15:20:00.123Z").toEpochMilli();
        UUID id = EventOutbox.timeOrderedId(millis, new Random(1));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsPostgresqlComparesThem() {
        Random random = new Random(7);
        long start = Instant.parse("2026-11-29T06:00:00Z").toEpochMilli();
        List<String> inTimeOrder = new ArrayList<>();
        for (long millis = start; millis < start + 1_000; millis++) {
            inTimeOrder.add(EventOutbox.timeOrderedId(millis, random).toString());
        }
        // PostgreSQL orders uuid values by their bytes, which is the order of their lower-case hex text
        assertThat(inTimeOrder).isSorted();
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Random random = new Random(3);
        long millis = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();
        HashSet<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventOutbox.timeOrderedId(millis, random));
        }
        assertThat(ids).hasSize(10_000);
    }
}
