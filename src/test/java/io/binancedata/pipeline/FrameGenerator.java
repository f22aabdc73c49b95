package io.binancedata.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.binancedata.codec.RealData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Generates frames for the fuzz tests from a random source: real recorded Binance frames ({@link RealData}), a quarter
 * of them moved to a non-ASCII symbol, then mutated. A frame is read into its members (a nested object for a kline's
 * {@code k}), edited (a member removed, duplicated, added, reordered; a value replaced by one of another type, a huge
 * or signed number, an exponent, a decimal, a Unicode or escaped string, a nested or deeply nested value; characters
 * escaped), written back with or without whitespace between tokens (rarely whitespace JSON does not allow), and last
 * edited as text (truncated, characters deleted, inserted or replaced by {@link FrameMutator}, wrapped or followed by
 * more). Whether the result is a valid event is for the {@link JacksonReference} to say, not for the generator.
 */
final class FrameGenerator {
    /** A recorded frame and its stream: the interval is null for a trade stream. */
    record Seed(String symbol, String interval, String frame) {
        Seed withSymbol(final String other) {
            return new Seed(other, interval, frame.replace("\"s\":\"" + symbol + "\"", "\"s\":\"" + other + "\""));
        }

        String stream() {
            return symbol + (interval == null ? "@trade" : "@kline_" + interval);
        }
    }

    /** A generated frame for the stream of its seed. */
    record Sample(Seed seed, String frame) {
        @Override
        public String toString() {
            return "stream " + seed.stream() + ", frame " + frame;
        }
    }

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final String[] OTHER_SYMBOLS = {"币安人生USDT", "\uD83D\uDE80USDT", "ÉTHUSDT"};
    private static final String WHITESPACE = " \t\n\r";
    /** Characters a lenient reader might take for whitespace; JSON does not. */
    private static final String NOT_WHITESPACE = "\u00a0\f\u000b\u2028\ufeff\u0000";
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1000;
    /** Keys of added members: unknown ones, mapped ones (duplicates), escaped, non-ASCII, empty. */
    private static final String[] KEYS = {"M", "M", "M", "B", "X", "b", "a", "é", "", "币", "\uD83D\uDE80", "p", "p",
        "q", "t", "E", "T", "e", "s", "m", "k", "x", "i", "o", "n"};
    private static final String[] INTEGER_EDGES = {"0", "-0", "-1", "1", String.valueOf(MAX_MILLIS),
        String.valueOf(MAX_MILLIS + 1), String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE),
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1" + "0".repeat(400)};
    /** JSON numbers that are not integers, and integers too long for Jackson (over 1000 digits). */
    private static final String[] NUMBERS = {"1e3", "1E+3", "1e-8", "0e0", "-0.0", "1.0", "1.5", "61837.63",
        "0.02000000", "6.183763E4", "1.7231612553430E12", "3735683259.0", "1" + "2".repeat(999), "1" + "2".repeat(1000),
        "1e" + "9".repeat(999), "1.5e400", "-1E-400"};
    private static final String[] DECIMAL_EDGES = {"0", "0.00000000", "-0", "-1.5", "92233720368547758.07",
        "92233720368547758.08", "0." + "0".repeat(126) + "1", "0." + "0".repeat(127) + "1", "1" + "0".repeat(127),
        "1" + "0".repeat(128)};
    /** Strings that are almost decimals. */
    private static final String[] NOT_DECIMALS = {"", " 1", "1 ", "+1", "1e-8", "1E5", "1.", ".5", "-", "1.2.3", "1,5",
        "0x10", "NaN", "Infinity", "١٢", "１", "61837.63000000\u0000", "\\u0031.5"};
    /** JSON strings as written, escapes included. */
    private static final String[] STRINGS = {"\"trade\"", "\"kline\"", "\"BTCUSDT\"", "\"ETHUSDT\"", "\"1m\"",
        "\"1M\"", "\"1h\"", "\"btcusdt\"", "\"BTC\\u0055SDT\"", "\"\\ud800\"", "\"\\uD83D\\uDE80USDT\"", "\"\\u0000\"",
        "\"\\/\"", "\"a\\\"b\"", "\"币安人生USDT\"", "\"" + "X".repeat(200) + "\"",
        "\"" + "\\u0041\\n".repeat(3000) + "\""};
    /** Values no JSON reader may accept. */
    private static final String[] MALFORMED = {"tru", "nul", "True", "NaN", "-Infinity", "'x'", "\"abc",
        "\"a\u0001b\"", "\"\\x\"", "\"\\u12g4\"", "[1,]", "[1 2]", "{\"a\"}", "{\"a\":1,}", "{1:2}", "+1", ".5", "1.",
        "1e", "-", "01", "", "/* c */1", "[", "}", "\"\\"};
    private static final String[] WRAPPINGS = {"[%s]", "{\"data\":%s}", "%s%s", "%s x", "\ufeff%s", "%s\u0000",
        "%s ,", " \r\n%s\t", "null", "", "%s}", "{%s"};

    private FrameGenerator() {
    }

    /** Recorded trades of each shape: spot BTCUSDT of 2023 (with order ids) and of 2024, USD-M futures BTCUSDT. */
    static List<Seed> tradeSeeds() {
        return Recorded.TRADES;
    }

    /** Every recorded kline_1m update: spot (Binance, Binance US) and USD-M futures, many symbols. */
    static List<Seed> klineSeeds() {
        return Recorded.KLINES;
    }

    /**
     * The recorded frames of each stream, in the order received (trade ids consecutive), each recording apart: the
     * trades of one recording, the klines of one symbol in one recording.
     */
    static List<List<Seed>> recordedStreams(final boolean klines) {
        return klines ? Recorded.KLINE_STREAMS : Recorded.TRADE_STREAMS;
    }

    /** A seed, moved to a non-ASCII symbol one time in four, mutated. */
    static Sample sample(final Random random, final List<Seed> seeds) {
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        if (random.nextInt(4) == 0) {
            seed = seed.withSymbol(OTHER_SYMBOLS[random.nextInt(OTHER_SYMBOLS.length)]);
        }
        return new Sample(seed, mutate(random, seed));
    }

    /**
     * The seed's frame: four times in five with one to four edits of its members; written back, two times in five
     * with whitespace; one time in four with one or two edits of its text.
     */
    static String mutate(final Random random, final Seed seed) {
        final Obj frame = Obj.read(seed.frame());
        if (random.nextInt(5) != 0) {
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                editMember(random, frame);
            }
        }
        String text = frame.write(random.nextInt(5) < 2 ? new Random(random.nextLong()) : null);
        if (random.nextInt(4) == 0) {
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                text = editText(random, text);
            }
        }
        return text;
    }

    private static void editMember(final Random random, final Obj frame) {
        final Obj o = frame.target(random.nextBoolean());
        final int pick = random.nextInt(40);
        switch (random.nextInt(8)) {
            case 0 -> o.remove(pick);
            case 1 -> o.replace(pick, jsonValue(random));
            case 2 -> o.retype(pick, quoted(decimal(random)), integer(random), unicodeString(random));
            case 3 -> o.add(pick, quoted(KEYS[random.nextInt(KEYS.length)]), jsonValue(random));
            case 4 -> o.duplicate(pick, random.nextInt(40), random.nextBoolean());
            case 5 -> o.shuffle(random.nextLong());
            case 6 -> frame.escape(new Random(random.nextLong()));
            default -> o.nest(pick, 1 + random.nextInt(3));
        }
    }

    private static String editText(final Random random, final String text) {
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1));
            case 1 -> new FrameMutator(random.nextLong()).mutate(text);
            default -> WRAPPINGS[random.nextInt(WRAPPINGS.length)].replace("%s", text);
        };
    }

    // --- values

    /** JSON values of every type, and some that are not JSON. */
    static String jsonValue(final Random random) {
        final int kind = random.nextInt(24);
        if (kind < 4) {
            return integer(random);
        } else if (kind < 7) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        } else if (kind < 11) {
            return quoted(decimal(random));
        } else if (kind < 13) {
            return quoted(NOT_DECIMALS[random.nextInt(NOT_DECIMALS.length)]);
        } else if (kind < 16) {
            return unicodeString(random);
        } else if (kind < 18) {
            return random.nextBoolean() ? String.valueOf(random.nextBoolean()) : "null";
        } else if (kind < 20) {
            return MALFORMED[random.nextInt(MALFORMED.length)];
        } else if (kind < 23) {
            return nested(random, 1 + random.nextInt(4));
        }
        final int depth = 996 + random.nextInt(6);
        return random.nextBoolean() ? "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
            : "[".repeat(depth) + "]".repeat(depth);
    }

    /** JSON integers: edges of int64 and of the microsecond times, plausible times and ids, beyond int64. */
    static String integer(final Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> INTEGER_EDGES[random.nextInt(INTEGER_EDGES.length)];
            case 3, 4, 5 -> String.valueOf((long)(random.nextDouble() * 4_000_000_000_000L));
            case 6, 7 -> String.valueOf(random.nextLong());
            default -> (1 + random.nextInt(9)) + digits(random, 18 + random.nextInt(12));
        };
    }

    /**
     * Decimal strings as Binance writes them: up to 8 decimals and 20 digits, often padded to 8 decimals with zeros;
     * sometimes signed, with leading zeros, or at the edges of the int64 mantissa and int8 exponent.
     */
    static String decimal(final Random random) {
        if (random.nextInt(12) == 0) {
            return DECIMAL_EDGES[random.nextInt(DECIMAL_EDGES.length)];
        }
        final int decimals = random.nextInt(9);
        String integer = random.nextInt(3) == 0 ? "0" : digits(random, 1 + random.nextInt(20 - decimals));
        String fraction = digits(random, decimals);
        if (decimals > 0 && random.nextBoolean()) {
            final int kept = random.nextInt(decimals + 1);
            fraction = fraction.substring(0, kept) + "0".repeat(decimals - kept);
        }
        if (random.nextInt(20) == 0) {
            integer = "-" + integer;
        }
        return decimals == 0 ? integer : integer + "." + fraction;
    }

    static String digits(final Random random, final int count) {
        final char[] digits = new char[count];
        for (int i = 0; i < count; i++) {
            digits[i] = (char)('0' + random.nextInt(10));
        }
        return new String(digits);
    }

    /** Strings of any characters (surrogates and controls escaped by Jackson), and hand-written escapes. */
    private static String unicodeString(final Random random) {
        if (random.nextInt(5) < 2) {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        final char[] chars = new char[random.nextInt(13)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(3) == 0 ? (char)random.nextInt(0x10000) : (char)(0x20 + random.nextInt(0x60));
        }
        return quoted(new String(chars));
    }

    /** Arrays and objects up to {@code depth} levels deep, duplicate keys possible. */
    private static String nested(final Random random, final int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> integer(random);
                case 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
                case 2 -> unicodeString(random);
                default -> random.nextBoolean() ? "null" : "true";
            };
        }
        final boolean array = random.nextBoolean();
        final List<String> parts = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            parts.add(array ? nested(random, depth - 1)
                : quoted(KEYS[random.nextInt(KEYS.length)]) + ":" + nested(random, depth - 1));
        }
        return array ? "[" + String.join(",", parts) + "]" : "{" + String.join(",", parts) + "}";
    }

    private static String quoted(final String text) {
        return new TextNode(text).toString();
    }

    /** The members of one JSON object, in order; a value is JSON text or a nested {@code Obj}. */
    static final class Obj {
        private final List<String> keys = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        static Obj read(final String frame) {
            try {
                return of(TREES.readTree(frame));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Obj of(final JsonNode node) {
            final Obj obj = new Obj();
            node.fields().forEachRemaining(member -> {
                obj.keys.add(quoted(member.getKey()));
                obj.values.add(member.getValue().isObject() ? of(member.getValue()) : member.getValue().toString());
            });
            return obj;
        }

        /** This object, or with {@code nested} its first nested object (a kline's {@code k}) if it has one. */
        Obj target(final boolean nested) {
            if (nested) {
                for (final Object value : values) {
                    if (value instanceof Obj obj) {
                        return obj;
                    }
                }
            }
            return this;
        }

        void remove(final int pick) {
            if (!keys.isEmpty()) {
                keys.remove(pick % keys.size());
                values.remove(pick % values.size());
            }
        }

        void replace(final int pick, final String value) {
            if (!keys.isEmpty()) {
                values.set(pick % values.size(), value);
            }
        }

        /** Replaces a value by another of its JSON type: decimal string, integer, boolean, string. */
        void retype(final int pick, final String decimal, final String integer, final String string) {
            if (keys.isEmpty() || !(values.get(pick % values.size()) instanceof String value)) {
                return;
            }
            final int at = pick % values.size();
            if (value.startsWith("\"")) {
                final boolean isDecimal = PLAIN_DECIMAL.matcher(value.substring(1, value.length() - 1)).matches();
                values.set(at, isDecimal ? decimal : string);
            } else if (INTEGER.matcher(value).matches()) {
                values.set(at, integer);
            } else if (value.equals("true") || value.equals("false")) {
                values.set(at, value.equals("true") ? "false" : "true");
            }
        }

        void add(final int pick, final String key, final String value) {
            final int at = pick % (keys.size() + 1);
            keys.add(at, key);
            values.add(at, value);
        }

        /** Copies a member to another place, its key written with {@code \\u} escapes or not. */
        void duplicate(final int pick, final int to, final boolean escaped) {
            if (!keys.isEmpty()) {
                final String key = keys.get(pick % keys.size());
                add(to, escaped ? escapeAll(key) : key, String.valueOf(values.get(pick % values.size())));
            }
        }

        void shuffle(final long seed) {
            final List<Integer> order = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed));
            final List<String> k = new ArrayList<>(keys);
            final List<Object> v = new ArrayList<>(values);
            for (int i = 0; i < order.size(); i++) {
                keys.set(i, k.get(order.get(i)));
                values.set(i, v.get(order.get(i)));
            }
        }

        /** Wraps a value in arrays or objects: {@code [[v]]}, {@code {"a":v}}. */
        void nest(final int pick, final int depth) {
            if (!keys.isEmpty()) {
                final int at = pick % values.size();
                final String value = String.valueOf(values.get(at));
                values.set(at, pick % 2 == 0 ? "[".repeat(depth) + value + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + value + "}".repeat(depth));
            }
        }

        /** Writes characters of keys and string values as {@code \\u} escapes, here and in nested objects. */
        void escape(final Random random) {
            for (int i = 0; i < keys.size(); i++) {
                keys.set(i, escapeSome(keys.get(i), random));
                if (values.get(i) instanceof Obj obj) {
                    obj.escape(random);
                } else if (values.get(i) instanceof String value && value.startsWith("\"")) {
                    values.set(i, escapeSome(value, random));
                }
            }
        }

        /** The object as JSON text, with whitespace between tokens when a layout is given. */
        String write(final Random layout) {
            final StringBuilder out = new StringBuilder(512);
            write(out, layout);
            return out.toString();
        }

        @Override
        public String toString() {
            return write(null);
        }

        private void write(final StringBuilder out, final Random layout) {
            space(out, layout);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                space(out, layout);
                out.append(keys.get(i));
                space(out, layout);
                out.append(':');
                space(out, layout);
                if (values.get(i) instanceof Obj obj) {
                    obj.write(out, layout);
                } else {
                    out.append(values.get(i));
                }
                space(out, layout);
                if (i < keys.size() - 1) {
                    out.append(',');
                }
            }
            out.append('}');
            space(out, layout);
        }

        private static void space(final StringBuilder out, final Random layout) {
            if (layout != null && layout.nextInt(4) == 0) {
                for (int n = 1 + layout.nextInt(3); n > 0; n--) {
                    out.append(layout.nextInt(200) == 0 ? NOT_WHITESPACE.charAt(layout.nextInt(NOT_WHITESPACE.length()))
                        : WHITESPACE.charAt(layout.nextInt(WHITESPACE.length())));
                }
            }
        }

        /** A JSON string with every character escaped: {@code "p"} becomes {@code "\u0070"}. */
        private static String escapeAll(final String quoted) {
            return escapeSome(quoted, null);
        }

        /** A JSON string with some characters (all when {@code random} is null) written as {@code \\u} escapes. */
        private static String escapeSome(final String quoted, final Random random) {
            final StringBuilder out = new StringBuilder(quoted.length() * 2).append('"');
            for (int i = 1; i < quoted.length() - 1; i++) {
                final char c = quoted.charAt(i);
                if (c == '\\') {
                    final int length = quoted.charAt(i + 1) == 'u' ? 6 : 2;
                    out.append(quoted, i, i + length);
                    i += length - 1;
                } else if (random == null || random.nextInt(3) == 0) {
                    out.append(String.format(random != null && random.nextBoolean() ? "\\u%04X" : "\\u%04x", (int)c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }

    /** The recordings, read once per test run. */
    private static final class Recorded {
        static final List<List<Seed>> TRADE_STREAMS = streams(false, RealData.BTC_TRADES_2023,
            RealData.BTC_TRADES_2024, "hftbacktest/usdm_btcusdt_20240808.gz");
        static final List<List<Seed>> KLINE_STREAMS = streams(true, RealData.KLINES_2021,
            "cryptofeed/BINANCE.ws.1.0.gz", "cryptofeed/BINANCE_US.ws.1.0.gz", "cryptofeed/BINANCE_FUTURES.ws.1.0.gz",
            "cryptofeed/BINANCE_FUTURES.ws.5.0.gz");
        static final List<Seed> TRADES = TRADE_STREAMS.stream().flatMap(List::stream).toList();
        static final List<Seed> KLINES = KLINE_STREAMS.stream().flatMap(List::stream).toList();

        private static List<List<Seed>> streams(final boolean klines, final String... files) {
            final List<List<Seed>> streams = new ArrayList<>();
            for (final String file : files) {
                final Map<String, List<Seed>> bySymbol = new LinkedHashMap<>();
                for (final String frame : klines ? RealData.klines(file) : RealData.trades(file)) {
                    final Seed seed = new Seed(stringField(frame, "s"), klines ? stringField(frame, "i") : null, frame);
                    bySymbol.computeIfAbsent(seed.symbol() + "@" + seed.interval(), s -> new ArrayList<>()).add(seed);
                }
                bySymbol.values().forEach(stream -> streams.add(List.copyOf(stream)));
            }
            return List.copyOf(streams);
        }

        /** The first {@code "key":"value"} of a recorded frame (they have no escapes). */
        private static String stringField(final String frame, final String key) {
            final String prefix = "\"" + key + "\":\"";
            final int start = frame.indexOf(prefix) + prefix.length();
            return frame.substring(start, frame.indexOf('"', start));
        }
    }
}
