package io.binancedata.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A real file channel that counts {@code force} calls and can fail a write half-way (a full disk) or a force. */
final class RecordingFileChannel extends FileChannel {
    private final FileChannel delegate;
    private int forces;
    private int failAfterBytes = -1;
    private boolean failForces;

    RecordingFileChannel(FileChannel delegate) {
        this.delegate = delegate;
    }

    int forces() {
        return forces;
    }

    /** Every force from now on fails, as on a disk that reports an I/O error. */
    void failForces() {
        failForces = true;
    }

    /** The next write stores only {@code bytes} bytes, then throws. */
    void failNextWriteAfter(int bytes) {
        failAfterBytes = bytes;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (failAfterBytes < 0) {
            return delegate.write(src);
        }
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + failAfterBytes);
        failAfterBytes = -1;
        delegate.write(part);
        throw new IOException("No space left on device (simulated)");
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forces++;
        if (failForces) {
            throw new IOException("Input/output error (simulated)");
        }
        delegate.force(metaData);
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return delegate.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
