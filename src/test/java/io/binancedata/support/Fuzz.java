package io.binancedata.support;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a property-based (fuzz) test: a property checked on many generated inputs, each generated from its own seed so
 * that a failing one can be replayed alone (FUZZING.md). A build runs each property's short default number of tries;
 * system properties, passed on by surefire from the {@code mvn} command line, change that:
 * <ul>
 * <li>{@code fuzz.scale=K}: K times each property's default tries (a long run in the build's proportions);</li>
 * <li>{@code fuzz.tries=N}: N tries of every property;</li>
 * <li>{@code fuzz.seconds=S}: every property tries for S seconds, however many tries that makes (a long run of a
 * known length on a machine of any speed);</li>
 * <li>{@code fuzz.seed=S}: the run's seed (otherwise a new one each run, logged);</li>
 * <li>{@code fuzz.replay=T}: only the try whose seed is T, as printed by a failure.</li>
 * </ul>
 * A failure names the property, the try's seed and the input. The outcomes a property counts in its {@link Tally}
 * are logged at the end with the tries and the time taken: they show what the inputs exercised.
 */
public final class Fuzz {
    private static final Logger LOG = LoggerFactory.getLogger(Fuzz.class);
    /** Spreads the try seeds of one run (the 64-bit golden ratio, as in SplittableRandom). */
    private static final long SEED_STEP = 0x9E3779B97F4A7C15L;

    private Fuzz() {
    }

    /** Outcomes of one property's tries, by name, for the log. */
    public static final class Tally {
        private final Map<String, Long> counts = new TreeMap<>();
        private long tries;

        /** Counts one occurrence of {@code outcome}. */
        public void count(String outcome) {
            counts.merge(outcome, 1L, Long::sum);
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }

    /**
     * Checks {@code property} on {@code defaultTries} inputs (or as the system properties say).
     *
     * @param name     the property, for the log and failures
     * @param generate makes one input from a try's random source
     * @param property checks one input (with AssertJ); any exception or assertion error fails the run
     */
    public static <T> void check(String name, int defaultTries, Function<Random, T> generate,
                                 BiConsumer<T, Tally> property) {
        Long replay = Long.getLong("fuzz.replay");
        int tries = replay != null ? 1
                : Integer.getInteger("fuzz.tries", defaultTries * Integer.getInteger("fuzz.scale", 1));
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        long seconds = replay != null ? 0 : Long.getLong("fuzz.seconds", 0L);
        Tally tally = new Tally();
        long started = System.nanoTime();
        for (int i = 0; seconds > 0 ? System.nanoTime() - started < seconds * 1_000_000_000L : i < tries; i++) {
            long trySeed = replay != null ? replay : seed + i * SEED_STEP;
            T input = generate.apply(new Random(trySeed));
            tally.tries++;
            try {
                property.accept(input, tally);
            } catch (Throwable failure) {
                throw new AssertionError(name + ": try " + (i + 1) + (seconds > 0 ? "" : " of " + tries)
                        + " failed; replay it with -Dfuzz.replay=" + trySeed + "\ninput: " + input + "\n" + failure,
                        failure);
            }
        }
        LOG.info("{}: {} tries in {} ms, seed {}: {}", name, tally.tries, (System.nanoTime() - started) / 1_000_000,
                replay != null ? "replayed " + replay : seed, tally);
    }
}
