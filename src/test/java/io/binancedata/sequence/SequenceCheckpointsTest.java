package io.binancedata.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.binancedata.stream.DurableWrites;
import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every stream's position in one file, written once per interval whatever the number of streams. */
class SequenceCheckpointsTest {
    /** The first line of the file an earlier version wrote (no end line). */
    private static final String OLD_HEADER = "# <stream id> <position>, one line per stream; written by "
            + "binance-data-integration";
    private static final String HEADER = SequenceCheckpoints.HEADER;

    @Test
    void shouldSaveEveryRecordedPositionInOneFileThatTheNextRunReads(@TempDir Path dir) throws Exception {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-ethusdt", "trade 7");
        checkpoints.record("trade-btcusdt", "trade 41");
        checkpoints.record("kline-btcusdt-1m", "kline 0 60001 59999 true 0 9");
        checkpoints.record("trade-btcusdt", "trade 42");
        assertThat(checkpoints.save()).isTrue();

        assertThat(Files.readAllLines(dir.resolve("checkpoints"))).containsExactly(HEADER,
                "kline-btcusdt-1m kline 0 60001 59999 true 0 9", "trade-btcusdt trade 42", "trade-ethusdt trade 7",
                "# end 3");
        assertThat(names(dir)).containsExactly("checkpoints");
        SequenceCheckpoints next = new SequenceCheckpoints(dir);
        assertThat(next.load("trade-btcusdt")).contains("trade 42");
        assertThat(next.load("kline-btcusdt-1m")).contains("kline 0 60001 59999 true 0 9");
        assertThat(next.load("trade-solusdt")).isEmpty();
    }

    @Test
    void shouldWriteOnlyWhenAPositionChanged(@TempDir Path dir) throws Exception {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-btcusdt", "trade 41");
        checkpoints.save();
        Files.delete(dir.resolve("checkpoints"));

        checkpoints.record("trade-btcusdt", "trade 41");
        assertThat(checkpoints.save()).isTrue();
        assertThat(dir.resolve("checkpoints")).as("nothing changed, nothing written").doesNotExist();

        checkpoints.record("trade-btcusdt", "trade 42");
        checkpoints.save();
        assertThat(Files.readAllLines(dir.resolve("checkpoints")))
                .containsExactly(HEADER, "trade-btcusdt trade 42", "# end 1");
    }

    @Test
    void shouldMoveThePerStreamFilesOfAnEarlierVersionIntoTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("trade-btcusdt.seq"), "trade 41\n");
        Files.writeString(dir.resolve("kline-btcusdt-1m.seq"), "kline 0 60001 59999 true 0 9\n");
        Files.writeString(dir.resolve("checkpoints"), OLD_HEADER + "\ntrade-ethusdt trade 7\n");
        try (LogCapture log = new LogCapture(SequenceCheckpoints.class)) {
            SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
            assertThat(checkpoints.load("trade-btcusdt")).contains("trade 41");
            assertThat(checkpoints.load("trade-ethusdt")).contains("trade 7");
            assertThat(checkpoints.save()).isTrue();

            assertThat(Files.readAllLines(dir.resolve("checkpoints"))).containsExactly(HEADER,
                    "kline-btcusdt-1m kline 0 60001 59999 true 0 9", "trade-btcusdt trade 41", "trade-ethusdt trade 7",
                    "# end 3");
            assertThat(names(dir)).containsExactly("checkpoints");
            assertThat(log.events()).containsExactly("INFO Moved 2 stream checkpoints of an earlier version "
                    + "(<stream id>.seq) into " + dir.resolve("checkpoints"));
        }
    }

    @Test
    void shouldSkipALineThatIsNotAPositionAndFailTheStartOnAFileItCannotRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("checkpoints"), OLD_HEADER + "\nnonsense\n\ntrade-btcusdt trade 41\n");
        try (LogCapture log = new LogCapture(SequenceCheckpoints.class)) {
            assertThat(new SequenceCheckpoints(dir).load("trade-btcusdt")).contains("trade 41");
            assertThat(log.events()).containsExactly("WARN Ignoring the line 'nonsense' of " + dir.resolve("checkpoints")
                    + ": not '<stream id> <position>'");
        }
        Files.write(dir.resolve("checkpoints"), new byte[] {'t', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> new SequenceCheckpoints(dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read the stream checkpoints " + dir.resolve("checkpoints"));
    }

    /**
     * The state folder is a file: every save fails the same way, which is logged once with its cause (not once an
     * interval); the positions stay in memory, a save that works again says so, and the next failure is logged again.
     */
    @Test
    void shouldLogEachSaveFailureOnceWithItsCauseAndKeepThePositions(@TempDir Path dir) throws Exception {
        Path state = Files.writeString(dir.resolve("state"), "not a folder");
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(state);
        try (LogCapture log = new LogCapture(SequenceCheckpoints.class)) {
            checkpoints.record("trade-btcusdt", "trade 7");
            assertThat(checkpoints.save()).isFalse();
            assertThat(checkpoints.save()).isFalse();
            checkpoints.record("trade-btcusdt", "trade 8");
            assertThat(checkpoints.save()).isFalse();
            Files.delete(state);
            assertThat(checkpoints.save()).isTrue();
            assertThat(Files.readAllLines(state.resolve("checkpoints")))
                    .containsExactly(HEADER, "trade-btcusdt trade 8", "# end 1");
            for (String name : names(state)) {
                Files.delete(state.resolve(name));
            }
            Files.delete(state);
            Files.writeString(state, "a file again");
            checkpoints.record("trade-btcusdt", "trade 9");
            assertThat(checkpoints.save()).isFalse();

            String failed = "WARN Cannot write the stream checkpoints " + state.resolve("checkpoints")
                    + "; the positions are kept in memory and their save tried again at the next interval";
            assertThat(log.events()).containsExactly(failed, "INFO The stream checkpoints are saved again to "
                    + state.resolve("checkpoints"), failed);
            for (LogCapture.Logged logged : log.loggedContaining("Cannot write")) {
                assertThat(logged.rootCause()).isInstanceOf(FileAlreadyExistsException.class)
                        .hasMessage(state.toString());
            }
        }
    }

    /**
     * What the saved positions count as written is forced to the disk first (DurableWrites); once that failed, no
     * position is saved again in the run: after a power loss the streams fetch again rather than skip what was lost.
     */
    @Test
    void shouldForceTheWritesBeforeSavingAndSaveNoMoreOnceAForceFailed(@TempDir Path dir) throws Exception {
        DurableWrites writes = new DurableWrites();
        List<String> forced = new ArrayList<>();
        AtomicReference<IOException> failure = new AtomicReference<>();
        writes.add(() -> {
            forced.add(Files.exists(dir.resolve("checkpoints")) ? new SequenceCheckpoints(dir).load("trade-btcusdt")
                    .orElseThrow() : "no file");
            if (failure.get() != null) {
                throw failure.get();
            }
        });
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir, writes);
        checkpoints.record("trade-btcusdt", "trade 7");
        assertThat(checkpoints.save()).isTrue();
        assertThat(forced).as("forced before the file held the position").containsExactly("no file");

        failure.set(new IOException("the disk went away"));
        checkpoints.record("trade-btcusdt", "trade 8");
        try (LogCapture log = new LogCapture(SequenceCheckpoints.class)) {
            assertThat(checkpoints.save()).isFalse();
            assertThat(log.loggedContaining("Cannot write")).singleElement()
                    .satisfies(logged -> assertThat(logged.rootCause()).hasMessage("the disk went away"));
        }
        assertThat(new SequenceCheckpoints(dir).load("trade-btcusdt")).contains("trade 7");

        failure.set(null);
        assertThat(checkpoints.save()).as("a failed force may have lost data a retry would not bring back: no later "
                + "position is saved in this run").isFalse();
        assertThat(new SequenceCheckpoints(dir).load("trade-btcusdt")).contains("trade 7");
        assertThat(forced).containsExactly("no file", "trade 7");
    }

    @Test
    void shouldSaveEveryIntervalOnItsOwnThreadAndOnceMoreWhenClosed(@TempDir Path dir) throws Exception {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.start(Duration.ofMillis(20));
        checkpoints.record("trade-btcusdt", "trade 41");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("checkpoints")));
        assertThat(Files.readAllLines(dir.resolve("checkpoints")))
                .containsExactly(HEADER, "trade-btcusdt trade 41", "# end 1");

        SequenceCheckpoints hourly = new SequenceCheckpoints(dir);
        hourly.start(Duration.ofHours(1));
        hourly.record("trade-btcusdt", "trade 42");
        hourly.close();
        checkpoints.close();
        assertThat(Files.readAllLines(dir.resolve("checkpoints")))
                .containsExactly(HEADER, "trade-btcusdt trade 42", "# end 1");
    }


    /**
     * A file this version wrote that lost its end (cut short by a power loss on a file system that does not keep the
     * write order) fails the start, naming it: run on without its positions, every stream would start without a gap
     * to fetch, the downtime neither backfilled nor counted.
     */
    @Test
    void shouldRefuseAFileThatLostItsEnd(@TempDir Path dir) throws Exception {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir);
        checkpoints.record("trade-btcusdt", "trade 41");
        checkpoints.record("trade-ethusdt", "trade 7");
        assertThat(checkpoints.save()).isTrue();
        Path file = dir.resolve("checkpoints");
        String whole = Files.readString(file);
        Files.writeString(file, whole.substring(0, whole.indexOf("trade-ethusdt") + 8));

        assertThatThrownBy(() -> new SequenceCheckpoints(dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot read the stream checkpoints " + file)
                .hasRootCauseMessage("the file does not end with '# end 2' after its 2 positions: it was cut short or "
                        + "damaged. Move it away to start without the positions (the downtime of every stream is then "
                        + "not backfilled)");
        Files.writeString(file, whole);
        assertThat(new SequenceCheckpoints(dir).load("trade-ethusdt")).contains("trade 7");
    }
    private static List<String> names(Path dir) throws Exception {
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
