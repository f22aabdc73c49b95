package io.binancedata.pipeline;

import io.binancedata.codec.EventTimes;
import io.binancedata.codec.Sbe;
import io.binancedata.pipeline.FrameGenerator.Seed;
import io.binancedata.pipeline.JacksonReference.Expected;
import io.binancedata.sbe.Source;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Fuzz;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based (fuzz) tests of {@link FramePipeline}, the way a stream really handles its frames (sequence guard,
 * decoder, dead letter, batch), on runs of consecutive recorded frames of which about half are mutated
 * ({@link FrameGenerator}), cut into batches of one to eight frames. Run by {@link Fuzz} (FUZZING.md). No exception
 * escapes, and every frame has exactly one fate, in order: delivered, exactly as the Jackson path encodes it;
 * dead-lettered with its raw text and a reason, because the Jackson path refuses it; or dropped by the sequence guard
 * as a duplicate, counted, when the guard reads an already delivered sequence in it. Gaps the guard sees are filled
 * (up to {@value #FILLABLE} trades) with messages marked BACKFILL.
 */
class FramePipelineFuzzTest {
    private static final int TRADE_TRIES = 200;
    private static final int KLINE_TRIES = 300;
    private static final long RECEIVE_MICROS = 1_800_000_000_000_000L;
    /** Largest trade gap the test's exchange fills; a larger one is reported unfilled, as when REST fails. */
    private static final int FILLABLE = 64;
    private static final String GUARD_LOGGER = SequenceGuard.class.getName();
    private static Level guardLevel;

    /** A run of frames of one stream, handed to the pipeline in batches. */
    record Run(Seed stream, List<String> frames, int batchSize) {
        @Override
        public String toString() {
            return "stream " + stream.stream() + ", batches of " + batchSize + ", frames:\n"
                + String.join("\n", frames);
        }
    }

    private final JacksonReference reference = new JacksonReference();
    private final Set<String> filled = new HashSet<>();
    private final List<String[]> deadLetters = new ArrayList<>();

    /** The guard logs every gap it fills or cannot fill; mutated ids make many: its counters are asserted instead. */
    @BeforeAll
    static void quietGuard() {
        guardLevel = LogManager.getLogger(GUARD_LOGGER).getLevel();
        Configurator.setLevel(GUARD_LOGGER, Level.OFF);
    }

    @AfterAll
    static void restoreGuard() {
        Configurator.setLevel(GUARD_LOGGER, guardLevel);
    }

    @Test
    void shouldDeliverDeadLetterOrDropAsDuplicateEveryTradeFrameInOrder() {
        Fuzz.check("trade runs", TRADE_TRIES, random -> run(random, FrameGenerator.recordedStreams(false)),
            this::process);
    }

    @Test
    void shouldDeliverDeadLetterOrDropAsDuplicateEveryKlineFrameInOrder() {
        Fuzz.check("kline runs", KLINE_TRIES, random -> run(random, FrameGenerator.recordedStreams(true)),
            this::process);
    }

    /** Up to 24 consecutive frames of one recorded stream, each mutated or not. */
    private static Run run(final Random random, final List<List<Seed>> streams) {
        final List<Seed> stream = streams.get(random.nextInt(streams.size()));
        final int start = random.nextInt(stream.size());
        final List<Seed> window = stream.subList(start, Math.min(stream.size(), start + 1 + random.nextInt(24)));
        final List<String> frames = new ArrayList<>();
        for (final Seed seed : window) {
            frames.add(random.nextBoolean() ? seed.frame() : FrameGenerator.mutate(random, seed));
        }
        return new Run(window.get(0), frames, 1 + random.nextInt(8));
    }

    private void process(final Run run, final Fuzz.Tally tally) {
        final int batchSize = run.batchSize();
        filled.clear();
        final Seed stream = run.stream();
        final StreamKey key = stream.interval() == null ? StreamKey.trade(stream.symbol())
            : StreamKey.kline(stream.symbol(), stream.interval());
        final StreamStatus status = new StreamStatus(key);
        final FramePipeline pipeline = new FramePipeline(new SequenceGuard(status, filler()), StreamDecoders.of(key),
            true, (raw, receiveTime, step, reason) -> deadLetters.add(new String[] {raw, step, reason}));
        final FrameBatch batch = new FrameBatch();
        final EventBatch events = new EventBatch();
        for (int from = 0; from < run.frames().size(); from += batchSize) {
            final List<String> part = run.frames().subList(from, Math.min(run.frames().size(), from + batchSize));
            batch.clear();
            deadLetters.clear();
            for (int i = 0; i < part.size(); i++) {
                batch.append(part.get(i), RECEIVE_MICROS + from + i);
            }
            final long duplicates = status.duplicates();

            pipeline.process(batch, events);

            checkFates(stream, part, from, events, status.duplicates() - duplicates, tally);
        }
    }

    /** Every frame of the batch delivered exactly, dead-lettered for a reason, or dropped as a duplicate; in order. */
    private void checkFates(final Seed stream, final List<String> part, final int from, final EventBatch events,
        final long duplicates, final Fuzz.Tally tally) {
        final List<Integer> live = checkBackfilled(events, tally);
        final List<String[]> refused = deadLettersOfTheBatch(stream);
        int delivered = 0;
        int deadLettered = 0;
        int dropped = 0;
        for (int i = 0; i < part.size(); i++) {
            final String frame = part.get(i);
            final Expected expected = reference.expect(frame, stream.symbol(), stream.interval(), RECEIVE_MICROS + from
                + i);
            if (delivered < live.size() && events.rawFrame(live.get(delivered)).equals(frame)) {
                assertDelivered(events, live.get(delivered++), expected, frame, RECEIVE_MICROS + from + i);
                tally.count("delivered");
            } else if (deadLettered < refused.size() && refused.get(deadLettered)[0].equals(frame)) {
                final String[] deadLetter = refused.get(deadLettered++);
                assertThat(expected).as("dead-lettered (%s), but the Jackson path accepts %s", deadLetter[2], frame)
                    .isNull();
                assertThat(deadLetter[1]).isEqualTo("decode");
                assertThat(deadLetter[2]).as(frame).isNotBlank();
                tally.count("dead-lettered");
            } else {
                assertThat(expected).as("dropped as a duplicate, yet the Jackson path refuses %s", frame)
                    .isNotNull();
                dropped++;
                tally.count("duplicate");
            }
        }
        assertThat(delivered).as("live messages of the batch").isEqualTo(live.size());
        assertThat(deadLettered).as("dead letters of the batch").isEqualTo(refused.size());
        assertThat(dropped).as("frames dropped = duplicates counted").isEqualTo(duplicates);
    }

    private void assertDelivered(final EventBatch events, final int i, final Expected expected, final String frame,
        final long receiveTime) {
        assertThat(expected).as("delivered, but the Jackson path refuses %s", frame).isNotNull();
        assertThat(events.messageBytes(i)).as(frame).isEqualTo(expected.message());
        assertThat(events.sequence(i)).isEqualTo(expected.sequence());
        assertThat(events.eventTimeMicros(i)).isEqualTo(expected.eventTimeMicros());
        assertThat(events.exchangeTimeMicros(i)).isEqualTo(expected.exchangeTimeMicros());
        assertThat(events.receiveTimeMicros(i)).isEqualTo(receiveTime);
    }

    /** Checks the gap fills (trades only: the klines' filler has none) and returns the indexes of the live ones. */
    private List<Integer> checkBackfilled(final EventBatch events, final Fuzz.Tally tally) {
        final List<Integer> live = new ArrayList<>();
        for (int i = 0; i < events.count(); i++) {
            if (!events.backfilled(i)) {
                live.add(i);
                continue;
            }
            assertThat(filled).contains(events.rawFrame(i));
            assertThat(Sbe.tradeDecoder(events.buffer(), events.messageOffset(i)).source()).isEqualTo(Source.BACKFILL);
            assertThat(events.eventTimeMicros(i)).isEqualTo(EventTimes.NULL);
            tally.count("backfilled");
        }
        return live;
    }

    /**
     * The dead letters of the batch's own frames. A fill's frame is dead-lettered only when the Jackson path refuses
     * it too (the test's filler writes what it is asked for).
     */
    private List<String[]> deadLettersOfTheBatch(final Seed stream) {
        final List<String[]> own = new ArrayList<>();
        for (final String[] deadLetter : deadLetters) {
            if (filled.contains(deadLetter[0])) {
                assertThat(reference.expect(deadLetter[0], stream.symbol(), null, 0)).as(deadLetter[0]).isNull();
            } else {
                own.add(deadLetter);
            }
        }
        return own;
    }

    /** The test's exchange: fills trade gaps of up to {@value #FILLABLE} trades, fails on larger ones; no klines. */
    private GapFiller filler() {
        return new GapFiller() {
            @Override
            public List<String> trades(final String symbol, final long fromId, final long toId) {
                if (toId - fromId + 1 > FILLABLE) {
                    throw new IllegalStateException("gap of " + (toId - fromId + 1) + " trades, too large to fill");
                }
                final List<String> frames = new ArrayList<>();
                for (long id = fromId; id <= toId; id++) {
                    final String frame = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"" + symbol + "\",\"t\":" + id
                        + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
                    filled.add(frame);
                    frames.add(frame);
                }
                return frames;
            }

            @Override
            public List<String> closedKlines(final String symbol, final String interval, final long fromOpenTime,
                final long toOpenTime, final long firstTradeId) {
                return List.of();
            }
        };
    }
}
