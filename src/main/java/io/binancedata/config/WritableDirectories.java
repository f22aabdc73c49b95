package io.binancedata.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks at start-up that every directory the product writes to can be created and written: {@code binance.file.dir}
 * with its {@code state} folder (stream checkpoints) and, when a sink is spooled, its {@code spool} folder; the streams'
 * spill folder ({@code binance.inbox.spill-dir}); the folder
 * of every {@code sbe-file:} or {@code file:} sink; and the dead-letter folder when the dead-letter endpoint is a
 * {@code file:} URI. Each is created if missing and a probe file is written and deleted in it, so a read-only disk,
 * a missing permission or a path under {@code /proc} stops the process before anything streams instead of failing
 * every frame.
 */
public final class WritableDirectories {
    private static final String EXPECTED = "a directory this process can create and write to";

    private WritableDirectories() {
    }

    /** @throws ConfigurationException naming the key whose directory cannot be created or written */
    public static void verify(BinanceSettings settings) {
        String fileDir = settings.get(Setting.FILE_DIR);
        Path root = Path.of(fileDir);
        verify(Setting.FILE_DIR, fileDir, root);
        verify(Setting.FILE_DIR, fileDir, root.resolve("state"));
        if (settings.tradeSinks().contains("spool:") || settings.klineSinks().contains("spool:")) {
            verify(Setting.FILE_DIR, fileDir, root.resolve("spool"));
        }
        if (settings.spillDirectory() != null) {
            verify(Setting.INBOX_SPILL_DIR, settings.get(Setting.INBOX_SPILL_DIR), settings.spillDirectory());
        }
        for (Setting sinks : List.of(Setting.SINK_TRADE, Setting.SINK_KLINE)) {
            for (String uri : settings.list(sinks)) {
                verifyFileUri(sinks, uri);
            }
        }
        verifyFileUri(Setting.SINK_DEAD_LETTER, settings.deadLetterSink());
    }

    private static void verifyFileUri(Setting key, String uri) {
        String path = directoryOf(uri);
        if (path != null) {
            verify(key, uri, Path.of(path));
        }
    }

    /** The directory of a {@code file:} or {@code sbe-file:} URI ({@code file:data/x?a=b} → {@code data/x}), else null. */
    static String directoryOf(String uri) {
        String rest;
        if (uri.startsWith("file:")) {
            rest = uri.substring("file:".length());
        } else if (uri.startsWith("sbe-file:")) {
            rest = uri.substring("sbe-file:".length());
        } else {
            return null;
        }
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        return path.isBlank() ? null : path;
    }

    private static void verify(Setting key, String value, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException(key.key(), value, EXPECTED + " (cannot create " + dir + ": " + reason(e) + ")");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".write-check-", ".tmp"));
        } catch (IOException e) {
            throw new ConfigurationException(key.key(), value, EXPECTED + " (cannot write in " + dir + ": " + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
