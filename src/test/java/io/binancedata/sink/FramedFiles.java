package io.binancedata.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the files the sink wrote, checking the Simple Open Framing Header of every frame on the way. */
final class FramedFiles {

    private FramedFiles() {
    }

    /** One frame: its declared length and the SBE message it carries. */
    record Frame(int length, byte[] message) {
    }

    /** Walks a file frame by frame; each must declare its full length and encoding type 0xEB50. */
    static List<Frame> frames(Path file) {
        ByteBuffer bytes = ByteBuffer.wrap(readAllBytes(file));
        List<Frame> frames = new ArrayList<>();
        while (bytes.hasRemaining()) {
            assertThat(bytes.remaining()).as("bytes left for a framing header").isGreaterThanOrEqualTo(6);
            int length = bytes.getInt();
            int encodingType = bytes.getShort() & 0xFFFF;
            assertThat(encodingType).as("encoding type of frame %d", frames.size()).isEqualTo(0xEB50);
            assertThat(length - 6).as("message length of frame %d", frames.size())
                    .isBetween(8, bytes.remaining());
            byte[] message = new byte[length - 6];
            bytes.get(message);
            frames.add(new Frame(length, message));
        }
        return frames;
    }

    static List<SbeTestMessages.Trade> trades(Path file) {
        return frames(file).stream().map(f -> SbeTestMessages.Trade.decode(f.message())).toList();
    }

    static List<SbeTestMessages.Kline> klines(Path file) {
        return frames(file).stream().map(f -> SbeTestMessages.Kline.decode(f.message())).toList();
    }

    /** Every regular file under a folder, relative to it, with '/' separators, sorted. */
    static List<String> filesUnder(Path folder) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
