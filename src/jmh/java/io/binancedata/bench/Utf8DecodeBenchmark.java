package io.binancedata.bench;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What reading a trade frame as chars costs before any JSON is parsed: one recorded BTCUSDT trade frame's UTF-8 bytes,
 * in a direct {@link ByteBuffer} as a socket read leaves them, turned into chars the way the JDK WebSocket does it
 * ({@code jdk.internal.net.http.websocket.UTF8AccumulatingDecoder}: one reused {@link CharsetDecoder} that reports
 * malformed input, a fresh {@code CharBuffer.allocate(remaining)} per message, decode + flush + reset), against the
 * same decoder into a reused char array (from the direct buffer, and from a heap buffer), and against not decoding at
 * all: only copying the bytes to a reused heap array (what Netty/Vert.x do with a frame's payload), or only reading and
 * comparing every byte once (the floor of any byte-level JSON reader). The difference between {@code jdkFreshCharBuffer} and {@code byteScan} is what a decoder reading JSON
 * from bytes saves per frame. {@code frames} as in {@link TradeFrameDecoderBenchmark}: 19904 cycles through all recorded
 * trades (mostly from memory), 256 through the first 256 (cache-resident).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Utf8DecodeBenchmark {
    @Param({"19904", "256"})
    private int frames;

    private ByteBuffer[] direct;
    private ByteBuffer[] heap;
    private int next;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer reusedChars;
    private byte[] reusedBytes;

    @Setup
    public void setUp() {
        List<byte[]> utf8 = BenchData.btcusdtTrades().stream().limit(frames)
                .map(frame -> frame.getBytes(StandardCharsets.UTF_8)).toList();
        int total = utf8.stream().mapToInt(bytes -> bytes.length).sum();
        int longest = utf8.stream().mapToInt(bytes -> bytes.length).max().orElseThrow();
        ByteBuffer all = ByteBuffer.allocateDirect(total);
        ByteBuffer allHeap = ByteBuffer.allocate(total);
        direct = new ByteBuffer[utf8.size()];
        heap = new ByteBuffer[utf8.size()];
        for (int i = 0; i < direct.length; i++) {
            int start = all.position();
            all.put(utf8.get(i));
            allHeap.put(utf8.get(i));
            direct[i] = all.duplicate().position(start).limit(all.position()).slice();
            heap[i] = allHeap.duplicate().position(start).limit(allHeap.position()).slice();
        }
        reusedChars = CharBuffer.allocate(longest);
        reusedBytes = new byte[longest];
    }

    /** The next frame in direct memory, positioned at its first byte (each benchmark reads it to its end). */
    private ByteBuffer nextFrame() {
        ByteBuffer frame = direct[next];
        if (++next == direct.length) {
            next = 0;
        }
        return frame.clear();
    }

    /** The next frame in a heap buffer (backed by an array), positioned at its first byte. */
    private ByteBuffer nextHeapFrame() {
        ByteBuffer frame = heap[next];
        if (++next == heap.length) {
            next = 0;
        }
        return frame.clear();
    }

    /** As the JDK WebSocket: a fresh CharBuffer per message, handed on (so it escapes, as to the listener). */
    @Benchmark
    public CharBuffer jdkFreshCharBuffer() throws CharacterCodingException {
        ByteBuffer in = nextFrame();
        CharBuffer out = CharBuffer.allocate(in.remaining());
        check(decoder.decode(in, out, true));
        check(decoder.flush(out));
        decoder.reset();
        return out.flip();
    }

    /** The same decoder into one reused char array; returns the length plus the last char. */
    @Benchmark
    public int decoderReusedChars() throws CharacterCodingException {
        ByteBuffer in = nextFrame();
        CharBuffer out = reusedChars.clear();
        check(decoder.decode(in, out, true));
        check(decoder.flush(out));
        decoder.reset();
        return out.position() + out.get(out.position() - 1);
    }

    /**
     * The same decoder from a heap buffer into the reused char array: {@code CharsetDecoder} takes its array fast path
     * only when both buffers have arrays; from a direct buffer it decodes byte by byte through the buffer's accessors.
     */
    @Benchmark
    public int decoderFromHeapReusedChars() throws CharacterCodingException {
        ByteBuffer in = nextHeapFrame();
        CharBuffer out = reusedChars.clear();
        check(decoder.decode(in, out, true));
        check(decoder.flush(out));
        decoder.reset();
        return out.position() + out.get(out.position() - 1);
    }

    /** No decoding: the bytes copied to a reused heap array; returns the length plus the last byte. */
    @Benchmark
    public int copyBytes() {
        ByteBuffer in = nextFrame();
        int length = in.remaining();
        in.get(reusedBytes, 0, length);
        return length + reusedBytes[length - 1];
    }

    /**
     * No decoding: every byte read once in place and compared, as a JSON scanner looks for its delimiters (here it
     * counts the quotes, so the JIT cannot drop the loop).
     */
    @Benchmark
    public int byteScan() {
        ByteBuffer in = nextFrame();
        int quotes = 0;
        for (int i = 0, n = in.limit(); i < n; i++) {
            if (in.get(i) == '"') {
                quotes++;
            }
        }
        return quotes;
    }

    private static void check(CoderResult result) throws CharacterCodingException {
        if (result.isError()) {
            result.throwException();
        }
    }
}
