package org.eom.bench;

import java.util.BitSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which observations the services accepted, to check at the end that each is counted exactly once. Every observation
 * of a run gets a sequence number that is also its id (a random run prefix, then the number), so that a
 * bit set holds a million of them and an exported id tells which one it is.
 */
final class Ledger {

    private static final long VARIANT = 0x8000_0000_0000_0000L;
    private static final long SEQ_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

    private final long runPrefix;
    private final AtomicLong next = new AtomicLong();
    private final BitSet accepted = new BitSet();
    /** Sent, but the answer was lost (timeout, broken connection): may or may not be stored. */
    private final BitSet uncertain = new BitSet();
    /** Recently accepted single submissions, for replays (a phone sending again what was stored). */
    private final long[] recent = new long[4096];
    private long recentCount;

    Ledger(long seed) {
        long prefix = new java.util.SplittableRandom(seed).nextLong();
        runPrefix = (prefix & ~0xF000L) | 0x4000L; // looks like a version-4 UUID
    }

    long nextSeq() {
        return next.getAndIncrement();
    }

    UUID id(long seq) {
        return new UUID(runPrefix, VARIANT | seq);
    }

    /** The sequence number of one of this run's ids, or -1. */
    long seqOf(UUID id) {
        return id.getMostSignificantBits() == runPrefix ? id.getLeastSignificantBits() & SEQ_MASK : -1;
    }

    synchronized void accepted(long seq, boolean single) {
        accepted.set(Math.toIntExact(seq));
        if (single) {
            recent[(int) (recentCount++ % recent.length)] = seq;
        }
    }

    synchronized void uncertain(long seq) {
        uncertain.set(Math.toIntExact(seq));
    }

    /** One of the recently accepted single submissions, or -1 before the first. */
    synchronized long recentSingle(int pick) {
        if (recentCount == 0) {
            return -1;
        }
        int available = (int) Math.min(recentCount, recent.length);
        return recent[Math.floorMod(pick, available)];
    }

    synchronized long acceptedCount() {
        return accepted.cardinality();
    }

    synchronized BitSet acceptedSnapshot() {
        return (BitSet) accepted.clone();
    }

    synchronized BitSet uncertainSnapshot() {
        return (BitSet) uncertain.clone();
    }
}
