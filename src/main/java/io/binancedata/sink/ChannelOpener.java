package io.binancedata.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens the file a stream appends to; a seam so tests can break a channel on purpose. */
@FunctionalInterface
interface ChannelOpener {
    /** Opens with CREATE, WRITE and APPEND: a reopened file continues after what it already holds. */
    ChannelOpener APPEND = file -> FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    FileChannel open(Path file) throws IOException;
}
