package io.binancedata.support;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A container image saved as a {@code docker save} tarball (what Jib's {@code buildTar} writes): {@code manifest.json},
 * the image configuration and one gzip-compressed tar per layer. Read with a small tar reader (ustar with PAX
 * headers, as Jib and GNU tar write them); the contents of files up to {@value #SMALL_FILE} bytes are kept.
 */
public final class ImageTarball {
    static final int SMALL_FILE = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file, directory or link in a layer; {@code path} is absolute without a trailing slash. */
    public record Entry(String path, int mode, char type, long size, byte[] content) {
        public boolean isDirectory() {
            return type == '5';
        }

        public String text() {
            if (content == null) {
                throw new IllegalStateException(path + " is larger than " + SMALL_FILE + " bytes");
            }
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final JsonNode manifest;
    private final JsonNode config;
    private final List<Map<String, Entry>> layers;

    private ImageTarball(JsonNode manifest, JsonNode config, List<Map<String, Entry>> layers) {
        this.manifest = manifest;
        this.config = config;
        this.layers = layers;
    }

    public static ImageTarball read(Path file) throws IOException {
        Map<String, byte[]> json = new HashMap<>();
        Map<String, Map<String, Entry>> layersByName = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            walk(in, (path, mode, type, size, content) -> {
                if (path.endsWith(".json")) {
                    json.put(path, content.readAllBytes());
                } else if (path.endsWith(".tar.gz") || path.endsWith(".tar")) {
                    InputStream layer = path.endsWith(".gz") ? new GZIPInputStream(content) : content;
                    Map<String, Entry> entries = new LinkedHashMap<>();
                    walk(layer, (p, m, t, s, c) -> entries.put(absolute(p),
                            new Entry(absolute(p), m, t, s, s <= SMALL_FILE ? c.readAllBytes() : null)));
                    layersByName.put(path, entries);
                }
            });
        }
        byte[] manifestBytes = json.get("manifest.json");
        if (manifestBytes == null) {
            throw new IOException(file + " has no manifest.json: not a docker save tarball");
        }
        JsonNode manifest = JSON.readTree(manifestBytes);
        if (manifest.size() != 1) {
            throw new IOException(file + " holds " + manifest.size() + " images, expected one");
        }
        JsonNode config = JSON.readTree(json.get(manifest.get(0).get("Config").asText()));
        List<Map<String, Entry>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.get(0).get("Layers")) {
            layers.add(layersByName.get(layer.asText()));
        }
        return new ImageTarball(manifest.get(0), config, layers);
    }

    /** The one entry of {@code manifest.json}: Config, RepoTags, Layers. */
    public JsonNode manifest() {
        return manifest;
    }

    /** The image configuration's {@code config} object: User, Entrypoint, Env, ExposedPorts, Volumes, WorkingDir. */
    public JsonNode containerConfig() {
        return config.get("config");
    }

    /** The layers in order, each its entries by path. */
    public List<Map<String, Entry>> layers() {
        return layers;
    }

    /** The entry at {@code path} in the top-most layer that has one, or null. */
    public Entry entry(String path) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Entry entry = layers.get(i).get(path);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private static String absolute(String tarPath) {
        String path = tarPath.startsWith("./") ? tarPath.substring(1) : tarPath;
        path = path.startsWith("/") ? path : "/" + path;
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @FunctionalInterface
    interface TarVisitor {
        /** {@code content} holds exactly the entry's bytes; what is not read is skipped. */
        void entry(String path, int mode, char type, long size, InputStream content) throws IOException;
    }

    static void walk(InputStream in, TarVisitor visitor) throws IOException {
        byte[] header = new byte[512];
        String longName = null;
        while (readBlock(in, header) && !isZero(header)) {
            String name = field(header, 0, 100);
            String prefix = field(header, 257, 6).equals("ustar") ? field(header, 345, 155) : "";
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = (int) octal(header, 100, 8);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            Bounded content = new Bounded(in, size);
            if (type == 'x') {
                longName = paxPath(content.readAllBytes(), longName);
            } else if (type == 'L') {
                longName = new String(content.readAllBytes(), StandardCharsets.UTF_8).replace("\0", "");
            } else if (type != 'g') {
                visitor.entry(longName != null ? longName : name, mode, type == 0 ? '0' : type, size, content);
                longName = null;
            }
            content.skipRest();
            in.skipNBytes((512 - size % 512) % 512);
        }
    }

    /** The {@code path} record of PAX extended header records ("<length> path=<value>\n"), lengths in bytes. */
    private static String paxPath(byte[] records, String otherwise) {
        String path = otherwise;
        int at = 0;
        while (at < records.length) {
            int space = at;
            while (records[space] != ' ') {
                space++;
            }
            int length = Integer.parseInt(new String(records, at, space - at, StandardCharsets.US_ASCII));
            String record = new String(records, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            if (record.startsWith("path=")) {
                path = record.substring("path=".length());
            }
            at += length;
        }
        return path;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, block.length);
        if (n == 0) {
            return false;
        }
        if (n < block.length) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = field(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    /** The bytes of one tar entry; closing it does not close the tar. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long size) {
            super(in);
            remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        void skipRest() throws IOException {
            in.skipNBytes(remaining);
            remaining = 0;
        }

        @Override
        public void close() {
            // the tar stream stays open
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
