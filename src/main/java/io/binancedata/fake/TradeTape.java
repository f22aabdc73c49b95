package io.binancedata.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The recorded {@code @trade} events of one symbol, in order, each kept as the exact text of the frame Binance sent
 * (the {@code data} object of the combined-stream wrapper). Frames that are not complete trade events are kept
 * too (test tapes carry malformed frames on purpose): they are replayed verbatim and skipped by kline derivation.
 */
public final class TradeTape {
    /** Symbol of the bundled tape derived from the ETHUSDT excerpt (only {@code "s"} differs). */
    public static final String NON_ASCII_SYMBOL = "币安人生USDT";

    private static final String BUNDLED_BTCUSDT = "/fake/trades-btcusdt-20240808-first3000.jsonl.gz";
    private static final String BUNDLED_ETHUSDT = "/fake/trades-ethusdt-20240808-first3000.jsonl.gz";

    private final String symbol;
    private final List<String> frames;
    private final List<TapeTrade> trades;

    private TradeTape(String symbol, List<String> frames) {
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.frames = List.copyOf(frames);
        List<TapeTrade> parsed = new ArrayList<>(frames.size());
        for (String frame : this.frames) {
            parsed.add(TapeTrade.fromJson(FakeJson.parseOrNull(frame)));
        }
        this.trades = Collections.unmodifiableList(parsed);
    }

    /** A tape of raw frames sent verbatim, malformed ones included. */
    public static TradeTape ofFrames(String symbol, List<String> rawFrames) {
        return new TradeTape(symbol, rawFrames);
    }

    /**
     * Reads the trades of {@code symbol} from hftbacktest recordings (gzip, lines
     * {@code <ns> {"stream":"btcusdt@trade","data":{...}}}), files in the order given. Other streams and lines
     * without a {@code stream} key are skipped.
     */
    public static TradeTape fromRecording(String symbol, Path... files) {
        List<String> frames = new ArrayList<>();
        for (Path file : files) {
            frames.addAll(TapeLoader.readRecording(file, symbol));
        }
        return new TradeTape(symbol, frames);
    }

    /** The bundled tapes: BTCUSDT, ETHUSDT and {@value #NON_ASCII_SYMBOL} (derived from ETHUSDT). */
    public static List<TradeTape> bundled() {
        TradeTape eth = bundledResource("ETHUSDT", BUNDLED_ETHUSDT);
        return List.of(bundledBtcusdt(), eth, eth.renamed(NON_ASCII_SYMBOL));
    }

    /** The bundled BTCUSDT excerpt alone: 3,000 consecutive trades (the source of burst mode's trades). */
    public static TradeTape bundledBtcusdt() {
        return bundledResource("BTCUSDT", BUNDLED_BTCUSDT);
    }

    private static TradeTape bundledResource(String symbol, String resource) {
        try (InputStream in = TradeTape.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled tape " + resource);
            }
            return new TradeTape(symbol, TapeLoader.readJsonLines(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled tape " + resource, e);
        }
    }

    /** The same frames for another symbol: only the {@code "s"} field's text changes, everything else stays exact. */
    public TradeTape renamed(String newSymbol) {
        String from = "\"s\":" + FakeJson.quote(symbol);
        String to = "\"s\":" + FakeJson.quote(newSymbol);
        List<String> renamed = new ArrayList<>(frames.size());
        for (String frame : frames) {
            renamed.add(frame.replace(from, to));
        }
        return new TradeTape(newSymbol, renamed);
    }

    /** This tape with every trade's event and trade time moved by {@code millis}; frames that are no trade are dropped. */
    TradeTape shifted(long millis) {
        String quoted = FakeJson.quote(symbol);
        List<String> moved = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            TapeTrade t = trade(i);
            if (t != null) {
                moved.add(new TapeTrade(t.id(), t.price(), t.qty(), t.tradeTime() + millis, t.eventTime() + millis,
                        t.buyerMaker(), t.bestMatch()).eventJson(quoted));
            }
        }
        return new TradeTape(symbol, moved);
    }

    public String symbol() {
        return symbol;
    }

    public int size() {
        return frames.size();
    }

    /** All frames, exactly as recorded or given. */
    public List<String> frames() {
        return frames;
    }

    public String frame(int index) {
        return frames.get(index);
    }

    /** The parsed trade of frame {@code index}, or {@code null} when that frame is not a complete trade event. */
    public TapeTrade trade(int index) {
        return trades.get(index);
    }

    @Override
    public String toString() {
        return "TradeTape[" + symbol + ", " + frames.size() + " frames]";
    }
}
