package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritableDirectoriesTest {
    @TempDir
    Path tmp;

    @Test
    void shouldCreateTheDataStateAndDeadLetterFoldersLeavingNoProbeBehind() throws Exception {
        Path data = tmp.resolve("data");
        WritableDirectories.verify(BinanceSettings.of(Map.of("binance.file.dir", data.toString())));
        assertThat(data.resolve("state/spill")).isEmptyDirectory();
        try (Stream<Path> files = Files.list(data.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("spill");
        }
        assertThat(data.resolve("dead-letter")).isEmptyDirectory();
        assertThat(data.resolve("spool")).doesNotExist();
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state", "dead-letter");
        }
    }

    @Test
    void shouldCreateTheSpoolFolderWhenANetworkSinkIsSpooledAndTheFolderOfEveryFileSink() {
        Path data = tmp.resolve("data");
        WritableDirectories.verify(BinanceSettings.of(Map.of("binance.file.dir", data.toString(),
                "binance.sink.trade", "http://127.0.0.1:1/ingest",
                "binance.sink.kline", "sbe-file:" + tmp.resolve("klines") + "?fsync=true,file://" + tmp.resolve("raw"))));
        assertThat(data.resolve("spool")).isDirectory();
        assertThat(tmp.resolve("klines")).isDirectory();
        assertThat(tmp.resolve("raw")).isDirectory();
    }

    @Test
    void shouldNameTheFileDirectoryWhenItCannotBeCreated() {
        assertThatThrownBy(() -> WritableDirectories.verify(BinanceSettings.of(Map.of("binance.file.dir", "/proc/foo"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.file.dir=/proc/foo: expected a directory this process can"
                        + " create and write to (cannot create /proc/foo: NoSuchFileException /proc/foo)");
    }

    @Test
    void shouldNameTheFileDirectoryWhenItsStateFolderIsAFile() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.writeString(data.resolve("state"), "not a folder");
        assertThatThrownBy(() -> WritableDirectories.verify(BinanceSettings.of(Map.of("binance.file.dir",
                data.toString())))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid configuration binance.file.dir=" + data + ": expected a directory this"
                        + " process can create and write to (cannot create " + data.resolve("state") + ": ");
    }

    @Test
    void shouldNameTheDeadLetterAndSinkKeysOfTheirOwnFolders() {
        Map<String, String> base = Map.of("binance.file.dir", tmp.resolve("data").toString());
        String deadLetter = "file:/proc/dead?fileName=x.jsonl";
        assertThatThrownBy(() -> WritableDirectories.verify(BinanceSettings.of(with(base, "binance.sink.dead-letter",
                deadLetter)))).hasMessageStartingWith("Invalid configuration binance.sink.dead-letter=" + deadLetter
                        + ": expected a directory this process can create and write to (cannot create /proc/dead: ");
        assertThatThrownBy(() -> WritableDirectories.verify(BinanceSettings.of(with(base, "binance.sink.trade",
                "sbe-file:/proc/trades")))).hasMessageStartingWith("Invalid configuration binance.sink.trade="
                        + "sbe-file:/proc/trades: expected a directory");
    }

    @Test
    void shouldTakeTheDirectoryOfFileUrisOnly() {
        assertThat(WritableDirectories.directoryOf("file:data/dead-letter?fileName=a")).isEqualTo("data/dead-letter");
        assertThat(WritableDirectories.directoryOf("file:///var/x")).isEqualTo("/var/x");
        assertThat(WritableDirectories.directoryOf("sbe-file:data")).isEqualTo("data");
        assertThat(WritableDirectories.directoryOf("jms:queue:trades")).isNull();
        assertThat(WritableDirectories.directoryOf("file:?fileName=a")).isNull();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
