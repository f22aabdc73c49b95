package io.binancedata.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbeFramingTest {
    @Test
    void shouldWriteBigEndianLengthIncludingHeaderThenEncodingType() {
        final UnsafeBuffer buffer = Sbe.randomBuffer(16, 9);

        assertThat(SbeFraming.writeHeader(buffer, 3, 77)).isEqualTo(83);

        final byte[] bytes = new byte[6];
        buffer.getBytes(3, bytes);
        assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x53, 0xEB, 0x50);
        assertThat(SbeFraming.frameLength(buffer, 3)).isEqualTo(83);
        assertThat(SbeFraming.encodingType(buffer, 3)).isEqualTo(0xEB50);
        assertThatThrownBy(() -> SbeFraming.writeHeader(buffer, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWalkFramesAndEndCleanlyAtFrameBoundary() throws Exception {
        final byte[] stream = concat(frame(1, 2, 3), frame(), frame(4));
        final SbeFrameReader reader = new SbeFrameReader(new ByteArrayInputStream(stream));

        assertThat(reader.next()).isTrue();
        assertThat(reader.frameOffset()).isZero();
        assertThat(message(reader)).containsExactly(1, 2, 3);
        assertThat(reader.next()).isTrue();
        assertThat(reader.frameOffset()).isEqualTo(9);
        assertThat(reader.messageLength()).isZero();
        assertThat(reader.next()).isTrue();
        assertThat(reader.frameOffset()).isEqualTo(15);
        assertThat(message(reader)).containsExactly(4);
        assertThat(reader.buffer().capacity()).isEqualTo(1);
        assertThat(reader.next()).isFalse();
        assertThat(reader.position()).isEqualTo(stream.length);
    }

    @Test
    void shouldGrowForLargeFrames() throws Exception {
        final byte[] large = new byte[5000];
        Arrays.fill(large, (byte)7);
        final SbeFrameReader reader = new SbeFrameReader(new ByteArrayInputStream(concat(frame(1), frame(large))));

        reader.next();
        reader.next();

        assertThat(message(reader)).isEqualTo(large);
    }

    @Test
    void shouldRejectTruncatedHeader() {
        final byte[] stream = concat(frame(1, 2), Arrays.copyOf(frame(3), 4));

        assertThatThrownBy(() -> readAll(stream))
            .isInstanceOf(FramingException.class)
            .hasMessage("byte offset 8: truncated framing header: 4 of 6 bytes")
            .satisfies(e -> assertThat(((FramingException)e).offset()).isEqualTo(8));
    }

    @Test
    void shouldRejectTruncatedMessage() {
        final byte[] stream = concat(frame(1, 2), Arrays.copyOf(frame(3, 4, 5, 6), 8));

        assertThatThrownBy(() -> readAll(stream))
            .isInstanceOf(FramingException.class)
            .hasMessage("byte offset 8: truncated frame: 8 of 10 bytes");
    }

    @Test
    void shouldRejectOtherEncodingType() {
        final byte[] stream = frame(1);
        stream[5] = 0x51;

        assertThatThrownBy(() -> readAll(stream))
            .isInstanceOf(FramingException.class)
            .hasMessage("byte offset 0: encoding type 0xEB51, expected 0xEB50");
    }

    @Test
    void shouldRejectImpossibleFrameLengths() {
        final byte[] tooShort = {0, 0, 0, 5, (byte)0xEB, 0x50};
        final byte[] tooLong = {(byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xEB, 0x50};

        assertThatThrownBy(() -> readAll(tooShort))
            .isInstanceOf(FramingException.class).hasMessage("byte offset 0: frame length 5 outside [6, 65536]");
        assertThatThrownBy(() -> readAll(tooLong))
            .isInstanceOf(FramingException.class)
            .hasMessage("byte offset 0: frame length 4294967295 outside [6, 65536]");
    }

    static byte[] frame(final int... message) {
        final byte[] bytes = new byte[message.length];
        for (int i = 0; i < message.length; i++) {
            bytes[i] = (byte)message[i];
        }
        return frame(bytes);
    }

    static byte[] frame(final byte[] message) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SbeFraming.HEADER_LENGTH + message.length]);
        SbeFraming.writeHeader(buffer, 0, message.length);
        buffer.putBytes(SbeFraming.HEADER_LENGTH, message);
        return buffer.byteArray();
    }

    static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void readAll(final byte[] stream) throws Exception {
        final SbeFrameReader reader = new SbeFrameReader(new ByteArrayInputStream(stream));
        while (reader.next()) {
            assertThat(reader.messageLength()).isNotNegative();
        }
    }

    private static byte[] message(final SbeFrameReader reader) {
        final byte[] bytes = new byte[reader.messageLength()];
        reader.buffer().getBytes(0, bytes);
        return bytes;
    }
}
