package io.binancedata.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.binancedata.codec.SbeFrameReader;
import io.binancedata.codec.SbeFraming;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the files the sink wrote, checking the Simple Open Framing Header of every frame on the way. */
final class FramedFiles {

    private FramedFiles() {
    }

    /** One frame: its declared length and the SBE message it carries. */
    record Frame(int length, byte[] message) {
    }

    /**
     * Walks a file frame by frame with the product's reader ({@link SbeFrameReader}), which checks every framing
     * header: encoding type 0xEB50, a declared length the file holds in full.
     */
    static List<Frame> frames(Path file) {
        List<Frame> frames = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            SbeFrameReader reader = new SbeFrameReader(in);
            while (reader.next()) {
                assertThat(reader.messageLength()).as("message length of frame %d", frames.size())
                        .isGreaterThanOrEqualTo(8);
                byte[] message = new byte[reader.messageLength()];
                reader.buffer().getBytes(0, message);
                frames.add(new Frame(SbeFraming.HEADER_LENGTH + message.length, message));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
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
}
