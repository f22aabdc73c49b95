package io.binancedata.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fence of a cluster instance's Kafka writes: each time the instance takes a group it opens a new <em>term</em>
 * for it, never used before by any process (the start time in milliseconds and a counter), and closes it when it lets
 * the group go. Every batch a stream route reads carries the term of its group at that moment
 * ({@link StreamHeaders#LEADER_TERM}, kept by the spool); a Kafka sink writes a batch only while its term is still the
 * group's current one here. So what an instance spooled or still had in hand when it lost a group (a network
 * partition, a restart with a full spool) is dropped instead of repeating trades the group's next leader wrote. Without
 * a cluster ({@link #NONE}) every batch is written.
 */
public final class LeaderTerms {
    /** No cluster: nothing is fenced. */
    public static final LeaderTerms NONE = new LeaderTerms(0);
    private static final AtomicLong OPENED = new AtomicLong();

    private final int groups;
    private final AtomicLongArray current;
    private final AtomicLong fenced = new AtomicLong();

    /** @param groups {@code binance.cluster.groups}; 0: no cluster */
    public LeaderTerms(int groups) {
        this.groups = groups;
        this.current = new AtomicLongArray(Math.max(groups, 1));
    }

    public boolean clustered() {
        return groups > 0;
    }

    /** The group of {@code symbol} ({@link StreamGroups}); 0 without a cluster. */
    public int group(String symbol) {
        return clustered() ? StreamGroups.group(symbol, groups) : 0;
    }

    /** A new term for {@code group}, its current one from now on. */
    public long open(int group) {
        long term = (System.currentTimeMillis() << 16) | (OPENED.incrementAndGet() & 0xFFFF);
        current.set(group, term);
        return term;
    }

    /** Closes the group's term: nothing read under it is written any more. */
    public void close(int group) {
        current.set(group, 0);
    }

    /** The group's current term; 0 when this instance does not lead it (or without a cluster). */
    public long current(int group) {
        return current.get(group);
    }

    /**
     * Whether a batch of {@code symbol} read under {@code term} (null: none) may be written; counts the ones that may
     * not.
     */
    public boolean admits(String symbol, Long term) {
        if (!clustered()) {
            return true;
        }
        boolean admitted = symbol != null && term != null && term != 0 && term == current(group(symbol));
        if (!admitted) {
            fenced.incrementAndGet();
        }
        return admitted;
    }

    /** Counts a batch dropped after {@link #admits}: Kafka refused it, as another instance took its group. */
    public void countFenced() {
        fenced.incrementAndGet();
    }

    /** Batches refused by {@link #admits} or counted by {@link #countFenced} so far. */
    public long fenced() {
        return fenced.get();
    }
}
