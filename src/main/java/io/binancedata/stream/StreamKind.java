package io.binancedata.stream;

/** The two kinds of market data stream the product carries. */
public enum StreamKind {
    TRADE("trade"),
    KLINE("kline");

    private final String code;

    StreamKind(String code) {
        this.code = code;
    }

    /** Lower-case name used in stream ids, headers and the control message format. */
    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException naming the valid kinds */
    public static StreamKind parse(String code) {
        for (StreamKind k : values()) {
            if (k.code.equalsIgnoreCase(code == null ? "" : code.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown stream kind '" + code + "': expected trade or kline");
    }
}
