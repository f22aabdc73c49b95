package io.binancedata.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The soak's command line (see {@link SoakHarness}).
 *
 * @param jar              the shaded jar to run
 * @param work             folder for the jar's files, the samples and the report (emptied first)
 * @param duration         how long the exchange sends trades
 * @param streams          trade streams (symbols S0001USDT, …)
 * @param rate             trades per second over all streams
 * @param sampleEvery      pause between two samples of the jar's process
 * @param rotation         the jar's {@code binance.rotation.interval}
 * @param resetEvery       how often the next {@code streams} connections are set to be dropped
 * @param resetAfterFrames frames such a connection carries before it is dropped
 * @param malformedEvery   a malformed frame after every this many frames, on every connection
 * @param outages          number of HTTP sink outages, spread over the middle half of the run
 * @param outageLength     how long each outage lasts (at most a tenth of the duration)
 * @param drain            how long to wait, after the last trade was sent, for both sinks to hold every trade
 * @param marketTradesOn   whether trades due while a stream is disconnected are skipped on the WebSocket (and
 *                         backfilled by the jar over REST), as on Binance, rather than held for the next connection
 */
record SoakOptions(Path jar, Path work, Duration duration, int streams, double rate, Duration sampleEvery,
                   Duration rotation, Duration resetEvery, int resetAfterFrames, int malformedEvery, int outages,
                   Duration outageLength, Duration drain, boolean marketTradesOn, List<String> args) {

    static SoakOptions parse(String[] args) {
        Path jar = Path.of("target/binance-data-integration.jar");
        Path work = Path.of("target/soak");
        Duration duration = Duration.ofHours(2);
        int streams = 4;
        double rate = 200;
        Duration sample = Duration.ofMinutes(1);
        Duration rotation = Duration.ofSeconds(30);
        Duration resetEvery = Duration.ofMinutes(5);
        int resetAfter = 300;
        int malformedEvery = 500;
        int outages = 2;
        Duration outageLength = Duration.ofMinutes(4);
        Duration drain = Duration.ofMinutes(10);
        boolean marketTradesOn = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(value(args, ++i));
                case "--work" -> work = Path.of(value(args, ++i));
                case "--duration" -> duration = duration(value(args, ++i));
                case "--streams" -> streams = Integer.parseInt(value(args, ++i));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i));
                case "--sample" -> sample = duration(value(args, ++i));
                case "--rotation" -> rotation = duration(value(args, ++i));
                case "--reset-every" -> resetEvery = duration(value(args, ++i));
                case "--reset-after" -> resetAfter = Integer.parseInt(value(args, ++i));
                case "--malformed-every" -> malformedEvery = Integer.parseInt(value(args, ++i));
                case "--outages" -> outages = Integer.parseInt(value(args, ++i));
                case "--outage-length" -> outageLength = duration(value(args, ++i));
                case "--drain" -> drain = duration(value(args, ++i));
                case "--market-waits" -> marketTradesOn = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (streams < 1 || rate <= 0 || malformedEvery < 1 || resetAfter < 1 || outages < 0) {
            throw new IllegalArgumentException("streams, rate, malformed-every and reset-after must be positive,"
                    + " outages not negative");
        }
        return new SoakOptions(jar, work, duration, streams, rate, sample, rotation, resetEvery, resetAfter,
                malformedEvery, outages, outageLength, drain, marketTradesOn, List.of(args));
    }

    /** Trades each stream carries: the rate's share of the stream over the whole duration. */
    int tradesPerStream() {
        return (int) Math.max(1, Math.round(rate / streams * duration.toMillis() / 1000.0));
    }

    /** When outage {@code k} (from 0) starts, after the release: spread over 30 % to 65 % of the run. */
    Duration outageStart(int k) {
        double share = outages == 1 ? 0.4 : 0.3 + 0.35 * k / (outages - 1);
        return Duration.ofMillis((long) (duration.toMillis() * share));
    }

    /** Each outage's length: as given, at most a tenth of the run. */
    Duration effectiveOutageLength() {
        Duration tenth = duration.dividedBy(10);
        return outageLength.compareTo(tenth) > 0 ? tenth : outageLength;
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("a duration needs ms, s, m or h: " + text);
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a duration (e.g. 30s, 5m, 2h): " + text, e);
        }
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
