package io.binancedata.sink;

import io.binancedata.sink.SbeTestMessages.Trade;
import io.binancedata.stream.DurableWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain store: disk errors, fsync and closing, without Camel. */
class FramedFileStoreTest {
    private static final long NOON = 1_715_947_200_000_000L; // 2024-05-17T12:00:00Z

    @TempDir
    Path root;

    private final List<RecordingFileChannel> channels = new ArrayList<>();

    private FramedFileStore store(int maxOpenFiles, boolean fsync) {
        return new FramedFileStore(root, maxOpenFiles, fsync, file -> {
            RecordingFileChannel channel = new RecordingFileChannel(ChannelOpener.APPEND.open(file));
            channels.add(channel);
            return channel;
        });
    }

    private static void append(FramedFileStore store, Trade trade) throws IOException {
        store.append("trade", trade.symbol(), null, trade.eventTime(), trade.encode());
    }

    private Path btcFile() {
        return root.resolve("trade/BTCUSDT/2024-05-17.sbe");
    }

    @Test
    void shouldCloseABrokenChannelAndReopenTheFileForTheNextMessage() throws IOException {
        Trade first = Trade.sample("BTCUSDT", 1, NOON);
        Trade lost = Trade.sample("BTCUSDT", 2, NOON);
        Trade third = Trade.sample("BTCUSDT", 3, NOON);
        try (FramedFileStore store = store(8, false)) {
            append(store, first);
            channels.get(0).close();

            assertThatThrownBy(() -> append(store, lost)).isInstanceOf(ClosedChannelException.class);
            assertThat(store.openFileCount()).isZero();
            append(store, third);
        }

        assertThat(channels).hasSize(2);
        assertThat(FramedFiles.trades(btcFile())).containsExactly(first, third);
    }

    @Test
    void shouldCutOffAPartlyWrittenFrameWhenAWriteFails() throws IOException {
        Trade first = Trade.sample("BTCUSDT", 1, NOON);
        Trade failed = Trade.sample("BTCUSDT", 2, NOON);
        try (FramedFileStore store = store(8, false)) {
            append(store, first);
            channels.get(0).failNextWriteAfter(10);

            assertThatThrownBy(() -> append(store, failed)).isInstanceOf(IOException.class)
                    .hasMessage("No space left on device (simulated)");
            assertThat(btcFile()).hasSize(75);
            assertThat(channels.get(0).isOpen()).isFalse();
            append(store, failed);
        }

        assertThat(FramedFiles.trades(btcFile())).containsExactly(first, failed);
    }

    /**
     * A process killed mid-write (or a power loss) leaves its last frame cut short: the next process cuts it off when
     * it first opens the file, so that the frames it appends can be read — not read as the torn frame's tail.
     */
    @Test
    void shouldCutOffAFrameTornByACrashBeforeAppendingToTheFile() throws IOException {
        List<Trade> before = List.of(Trade.sample("BTCUSDT", 1, NOON), Trade.sample("BTCUSDT", 2, NOON),
                Trade.sample("BTCUSDT", 3, NOON));
        try (FramedFileStore store = store(8, false)) {
            for (Trade trade : before) {
                append(store, trade);
            }
        }
        long whole = Files.size(btcFile());
        try (FileChannel file = FileChannel.open(btcFile(), StandardOpenOption.WRITE)) {
            file.truncate(whole - 20); // the third frame torn
        }

        List<Trade> after = List.of(Trade.sample("BTCUSDT", 4, NOON), Trade.sample("BTCUSDT", 5, NOON));
        try (FramedFileStore store = store(8, false)) {
            for (Trade trade : after) {
                append(store, trade);
            }
            store.closeOpenFiles();
            append(store, Trade.sample("BTCUSDT", 6, NOON)); // reopened: its own frames are whole
        }

        assertThat(FramedFiles.trades(btcFile())).containsExactly(before.get(0), before.get(1), after.get(0),
                after.get(1), Trade.sample("BTCUSDT", 6, NOON));
    }

    @Test
    void shouldThrowWhenTheStreamFolderCannotBeCreatedAndRecoverOnceItCan() throws IOException {
        Path blocker = root.resolve("trade/BTCUSDT");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a folder");
        Trade trade = Trade.sample("BTCUSDT", 1, NOON);
        try (FramedFileStore store = store(8, false)) {
            assertThatThrownBy(() -> append(store, trade)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(store.openFileCount()).isZero();

            Files.delete(blocker);
            append(store, trade);
        }

        assertThat(FramedFiles.trades(btcFile())).containsExactly(trade);
    }

    @Test
    void shouldForceEveryWriteOnlyWhenFsyncIsOn() throws IOException {
        try (FramedFileStore synced = store(8, true)) {
            for (int i = 0; i < 3; i++) {
                append(synced, Trade.sample("BTCUSDT", i, NOON));
            }
        }
        try (FramedFileStore unsynced = store(8, false)) {
            append(unsynced, Trade.sample("BTCUSDT", 3, NOON));
        }

        assertThat(channels).extracting(RecordingFileChannel::forces).as("without fsync: once, as the file closed")
                .containsExactly(3, 1);
        assertThat(FramedFiles.trades(btcFile())).extracting(Trade::tradeId).containsExactly(0L, 1L, 2L, 3L);
    }

    /**
     * Without fsync, what was written is forced when the checkpoints are about to be saved (DurableWrites), once, and
     * as its file closes: no saved checkpoint counts a write the disk may still lose.
     */
    @Test
    void shouldForceTheWritesWhenTheCheckpointsAskAndAsAFileCloses() throws IOException {
        try (FramedFileStore store = store(1, false)) {
            append(store, Trade.sample("BTCUSDT", 1, NOON));
            append(store, Trade.sample("BTCUSDT", 2, NOON));
            assertThat(channels.get(0).forces()).isZero();
            store.forceWritten();
            assertThat(channels.get(0).forces()).isEqualTo(1);
            store.forceWritten();
            assertThat(channels.get(0).forces()).as("nothing written since").isEqualTo(1);

            append(store, Trade.sample("BTCUSDT", 3, NOON));
            append(store, Trade.sample("ETHUSDT", 4, NOON)); // one file open at most: BTCUSDT's closes
            assertThat(channels).extracting(RecordingFileChannel::forces).as("forced as it closed")
                    .containsExactly(2, 0);
            store.forceWritten();
            assertThat(channels).extracting(RecordingFileChannel::forces).containsExactly(2, 1);
        }
        assertThat(channels).extracting(RecordingFileChannel::forces).as("nothing left to force at the close")
                .containsExactly(2, 1);
    }

    /**
     * A force that failed as its file closed fails every later force of the store: the kernel may have dropped that
     * data, and nothing forced later brings it back, so no later checkpoint may count it.
     */
    @Test
    void shouldFailEveryLaterForceOnceAClosingFileCouldNotBeForced() throws IOException {
        try (FramedFileStore store = store(1, false)) {
            append(store, Trade.sample("BTCUSDT", 1, NOON));
            channels.get(0).failForces();
            append(store, Trade.sample("ETHUSDT", 2, NOON)); // BTCUSDT's file closes, its force fails
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(store::forceWritten).isInstanceOf(IOException.class)
                        .hasMessage("Input/output error (simulated)");
            }
            DurableWrites writes = new DurableWrites();
            writes.add(store);
            assertThatThrownBy(writes::forceAll).hasMessage("Input/output error (simulated)");
            writes.remove(store);
            assertThatThrownBy(writes::forceAll).as("once failed, for the rest of the run")
                    .hasMessageContaining("a force to the disk failed earlier in this run");
        }
    }

    @Test
    void shouldCloseTheLeastRecentlyUsedFileBeyondTheBound() throws IOException {
        try (FramedFileStore store = store(2, false)) {
            append(store, Trade.sample("AAAUSDT", 1, NOON));
            append(store, Trade.sample("BBBUSDT", 2, NOON));
            append(store, Trade.sample("AAAUSDT", 3, NOON));
            append(store, Trade.sample("CCCUSDT", 4, NOON));

            assertThat(store.openFileCount()).isEqualTo(2);
            assertThat(channels).extracting(RecordingFileChannel::isOpen).containsExactly(true, false, true);
        }
        assertThat(channels).extracting(RecordingFileChannel::isOpen).containsExactly(false, false, false);
    }

    @Test
    void shouldRejectAppendsOnceClosed() throws IOException {
        FramedFileStore store = store(8, false);
        append(store, Trade.sample("BTCUSDT", 1, NOON));
        store.close();
        store.close();

        assertThatThrownBy(() -> append(store, Trade.sample("BTCUSDT", 2, NOON)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> append(store, Trade.sample("ETHUSDT", 3, NOON)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThat(store.openFileCount()).isZero();
    }

    @Test
    void shouldRejectFewerThanOneOpenFile() {
        assertThatThrownBy(() -> new FramedFileStore(root, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxOpenFiles must be at least 1, was 0");
    }

    @Test
    void shouldDefaultToHalfTheProcesssOpenFileLimitWithinBounds() {
        assertThat(FramedFileStore.defaultMaxOpenFiles(-1)).as("limit unknown").isEqualTo(256);
        assertThat(FramedFileStore.defaultMaxOpenFiles(256)).isEqualTo(256);
        assertThat(FramedFileStore.defaultMaxOpenFiles(1_024)).isEqualTo(512);
        assertThat(FramedFileStore.defaultMaxOpenFiles(20_000)).isEqualTo(8_192);
        assertThat(FramedFileStore.defaultMaxOpenFiles(1_048_576)).isEqualTo(8_192);
    }

    @Test
    void shouldCreateTheStreamFolderAgainWhenItWasRemoved() throws IOException {
        try (FramedFileStore store = store(8, false)) {
            append(store, Trade.sample("BTCUSDT", 1, NOON));
            store.closeOpenFiles();
            Files.delete(btcFile());
            Files.delete(btcFile().getParent());
            append(store, Trade.sample("BTCUSDT", 2, NOON));
        }
        assertThat(FramedFiles.trades(btcFile())).extracting(Trade::tradeId).containsExactly(2L);
    }
}
