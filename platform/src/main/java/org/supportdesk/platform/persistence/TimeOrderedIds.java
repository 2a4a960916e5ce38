package org.supportdesk.platform.persistence;

import java.util.UUID;

/**
 * New row ids as RFC 9562 version 7 UUIDs: the first 48 bits are the Unix time in milliseconds, the
 * other 74 (after the version and the variant) random, from the same secure source as
 * {@link UUID#randomUUID()}. PostgreSQL orders a {@code uuid} by its bytes, so ids written one after
 * another land on the same right-hand pages of a primary key (and of a consumer's processed-event key,
 * for events published under them) instead of on a random page each: an insert into a large index
 * finds its page in memory. Every service mints here the ids of the rows it creates in Java (rows one
 * SQL statement fans out get PostgreSQL 17's {@code gen_random_uuid()}).
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    /** A new version 7 id, now. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A new version 7 id of the given Unix time in milliseconds. */
    static UUID at(long epochMillis) {
        UUID random = UUID.randomUUID(); // version 4: 122 random bits, variant 2 already in place
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(msb, random.getLeastSignificantBits());
    }

    /** The Unix time in milliseconds a version 7 id was minted at. */
    static long epochMillis(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException(id + " is not a version 7 UUID");
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
