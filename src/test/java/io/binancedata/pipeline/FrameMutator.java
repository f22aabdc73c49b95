package io.binancedata.pipeline;

import java.util.Random;

/**
 * Random small edits of a valid frame, for comparing what the decoders and the Jackson path accept: deleted, inserted
 * or replaced characters (JSON punctuation, digits, letters of literals and keys, control and non-ASCII characters),
 * a copied piece of the frame, an inserted member (duplicates, escaped keys, nested unknowns), a value replaced by one
 * of another JSON type.
 */
final class FrameMutator {
    private static final String CHARS = "{}[]:,\"\\ 0123456789-+.eEtrufalsnu\t\n\u0000x\u00e9\u007fTpqmMk";
    private static final String[] MEMBERS = {"\"M\":true,", "\"p\":\"1\",", "\"x\":{\"a\":1,\"a\":2},",
        "\"x\":[1,{\"b\":[]}],", "\"\\u0070\":\"1\",", "\"s\":\"BTCUSDT\",", "\"E\":-0,", "\"t\":1e2,",
        "\"q\":\"1\\u002e5\",", "null", "\"\\ud800\"", " ", "\"k\":{},", "\"B\":\"0\","};
    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "1.5", "\"\"", "\"1.0\"", "[]", "{}",
        "\"x\"", "1e3", "01", "-0", "\"\\u0031\"", "99999999999999999999"};

    private final Random random;

    FrameMutator(final long seed) {
        random = new Random(seed);
    }

    /** {@code frame} with one to three random edits. */
    String mutate(final String frame) {
        String mutated = frame;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            mutated = edit(mutated);
        }
        return mutated;
    }

    private String edit(final String f) {
        if (f.isEmpty()) {
            return String.valueOf(randomChar());
        }
        final int i = random.nextInt(f.length());
        switch (random.nextInt(6)) {
            case 0:
                return f.substring(0, i) + f.substring(i + 1);
            case 1:
                return f.substring(0, i) + randomChar() + f.substring(i);
            case 2:
                return f.substring(0, i) + randomChar() + f.substring(i + 1);
            case 3: {
                final int to = Math.min(f.length(), i + 1 + random.nextInt(12));
                final int at = random.nextInt(f.length());
                return f.substring(0, at) + f.substring(i, to) + f.substring(at);
            }
            case 4: {
                int comma = f.indexOf(',', i);
                if (comma < 0) {
                    comma = f.indexOf(',');
                }
                return f.substring(0, comma + 1) + MEMBERS[random.nextInt(MEMBERS.length)] + f.substring(comma + 1);
            }
            default: {
                final int colon = f.indexOf(':', i);
                if (colon < 0) {
                    return f;
                }
                int end = colon + 1;
                while (end < f.length() && ",}".indexOf(f.charAt(end)) < 0) {
                    end++;
                }
                return f.substring(0, colon + 1) + VALUES[random.nextInt(VALUES.length)] + f.substring(end);
            }
        }
    }

    private char randomChar() {
        return CHARS.charAt(random.nextInt(CHARS.length()));
    }
}
