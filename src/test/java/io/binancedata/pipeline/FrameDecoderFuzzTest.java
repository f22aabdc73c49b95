package io.binancedata.pipeline;

import io.binancedata.pipeline.FrameGenerator.Sample;
import io.binancedata.pipeline.FrameGenerator.Seed;
import io.binancedata.pipeline.JacksonReference.Expected;
import io.binancedata.codec.Sbe;
import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.support.Fuzz;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.binancedata.pipeline.TradeFrameDecoderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based (fuzz) tests of {@link TradeFrameDecoder} and {@link KlineFrameDecoder} on recorded frames and their
 * mutants ({@link FrameGenerator}), run by {@link Fuzz} (FUZZING.md: a short run in every build, {@code -Dfuzz.scale=K}
 * for a long one). For every frame, placed inside a larger array of characters the decoder must not read: either the
 * Jackson path accepts it and the decoder writes exactly the same SBE message, or the Jackson path refuses it and the
 * decoder throws an {@link InvalidFrameException} with a reason; never any other exception. One decoder per stream
 * serves every try, so a refused frame must leave it usable.
 */
class FrameDecoderFuzzTest {
    private static final int TRIES = 1_500;
    private static final long RECEIVE_MICROS = 1_723_161_255_000_017L;
    private static final int OFFSET = 7;
    /** What may come before a frame in its array. */
    private static final String[] PREFIXES = {"", "", "{\"stream\":\"btcusdt@trade\",\"data\":", "\"", "{", "x"};
    /** What may follow it; {@code *} stands for the rest of the seed's frame, which would complete a truncated one. */
    private static final String[] SUFFIXES = {"", "", "*", "*", "}", "\"}}", "]", " "};

    /** A frame between characters of its array that are not part of it. */
    record Placed(Sample sample, String prefix, String suffix) {
        @Override
        public String toString() {
            return sample + "\nbetween " + prefix + " and " + suffix;
        }
    }

    private final JacksonReference reference = new JacksonReference();
    private final Map<String, FrameDecoder> decoders = new HashMap<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + KlineFrameDecoder.MAX_ENCODED_LENGTH]);

    @Test
    void shouldDecodeEveryTradeFrameExactlyOrRefuseItWithAReason() {
        Fuzz.check("trade frames", TRIES, random -> placed(random, FrameGenerator.tradeSeeds()), this::check);
    }

    @Test
    void shouldDecodeEveryKlineFrameExactlyOrRefuseItWithAReason() {
        Fuzz.check("kline frames", TRIES, random -> placed(random, FrameGenerator.klineSeeds()), this::check);
    }

    private static Placed placed(final Random random, final List<Seed> seeds) {
        final Sample sample = FrameGenerator.sample(random, seeds);
        final String suffix = SUFFIXES[random.nextInt(SUFFIXES.length)];
        final String seedFrame = sample.seed().frame();
        return new Placed(sample, PREFIXES[random.nextInt(PREFIXES.length)], !suffix.equals("*") ? suffix
            : seedFrame.startsWith(sample.frame()) ? seedFrame.substring(sample.frame().length()) : seedFrame);
    }

    private void check(final Placed placed, final Fuzz.Tally tally) {
        final Seed seed = placed.sample().seed();
        final String frame = placed.sample().frame();
        final FrameDecoder decoder = decoders.computeIfAbsent(seed.stream(), stream -> seed.interval() == null
            ? new TradeFrameDecoder(seed.symbol()) : new KlineFrameDecoder(seed.symbol(), seed.interval()));
        final Expected expected = reference.expect(frame, seed.symbol(), seed.interval(), RECEIVE_MICROS);
        final char[] chars = (placed.prefix() + frame + placed.suffix()).toCharArray();
        final int start = placed.prefix().length();

        int length = -1;
        InvalidFrameException refused = null;
        try {
            length = decoder.decode(chars, start, start + frame.length(), RECEIVE_MICROS, Source.LIVE, buffer, OFFSET);
        } catch (final InvalidFrameException e) {
            refused = e; // any other exception fails the property
        }

        if (expected == null) {
            tally.count("refused");
            assertRefusedWithAReason(refused, frame);
            return;
        }
        tally.count("decoded");
        assertThat(refused).as("the Jackson path accepts it").isNull();
        assertThat(bytes(buffer, OFFSET, length)).isEqualTo(expected.message());
        assertThat(decoder.sequence()).isEqualTo(expected.sequence());
        assertThat(decoder.eventTimeMicros()).isEqualTo(expected.eventTimeMicros());
        assertThat(decoder.exchangeTimeMicros()).isEqualTo(expected.exchangeTimeMicros());
        assertThat(decoder.isFinal()).isEqualTo(expected.isFinal());
        assertDecimalsAsBigDecimal(seed.interval() == null, expected.decimals());
    }

    /** Every decimal of the message is its frame's string read by {@code BigDecimal}, in canonical form. */
    private void assertDecimalsAsBigDecimal(final boolean trade, final List<String> decimals) {
        final List<DecimalDecoder> written;
        if (trade) {
            final TradeDecoder t = Sbe.tradeDecoder(buffer, OFFSET);
            written = List.of(t.price(), t.quantity());
        } else {
            final KlineDecoder k = Sbe.klineDecoder(buffer, OFFSET);
            written = List.of(k.open(), k.high(), k.low(), k.close(), k.volume(), k.quoteVolume(), k.takerBuyVolume(),
                k.takerBuyQuoteVolume());
        }
        for (int i = 0; i < decimals.size(); i++) {
            Sbe.assertDecimal(written.get(i), decimals.get(i));
        }
    }

    /** Refused with a reason a person can act on, naming the field or, for bad JSON, the offset in the frame. */
    static void assertRefusedWithAReason(final InvalidFrameException refused, final String frame) {
        assertThat(refused).as("the Jackson path refuses %s", frame).isNotNull();
        assertThat(refused.reason()).as(frame).isNotBlank().isEqualTo(refused.getMessage());
        assertThat(refused.offset()).as(frame).isBetween(-1, frame.length());
        if (refused.field() == null) {
            assertThat(refused.reason()).as(frame).startsWith("malformed JSON at offset " + refused.offset() + ": ");
        } else {
            final boolean namesField = refused.reason().contains("'" + refused.field() + "'")
                || refused.reason().startsWith("frame for symbol ");
            assertThat(namesField).as("names the field: %s", refused.reason()).isTrue();
        }
    }
}
