package org.openanpr.connector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watched folders: every 2 s each folder connector's folder is read; a file unchanged for {@link #SETTLE} (an FTP
 * upload is finished) becomes reads, then moves to {@code done/}, or to {@code failed/} with a {@code .reason.txt}
 * beside it. The move comes after the commit: a crash in between leaves the file to be read again, which its
 * deterministic read id makes a duplicate. Nothing is deleted.
 */
final class FolderFeeds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FolderFeeds.class);
    static final Duration SETTLE = Duration.ofSeconds(2);
    private static final long MAX_FILE = 32L * 1024 * 1024;

    interface Receiver {
        /** Delivers a file's reads; throws when they could not be stored (the file stays for the next round). */
        ConnectorService.Receipt deliver(Connector c, Decoded decoded);

        void unreadable(Connector c, String name, String reason, byte[] content);
    }

    private final Receiver receiver;
    private final Map<String, Connector> folders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "folder-connectors");
        t.setDaemon(true);
        return t;
    });

    FolderFeeds(Receiver receiver, Clock clock) {
        this.receiver = receiver;
        poller.scheduleWithFixedDelay(this::pollAll, 1, 2, TimeUnit.SECONDS);
    }

    void sync(List<Connector> connectors) {
        folders.clear();
        for (Connector c : connectors) if (c.kind() == ConnectorKind.FOLDER) folders.put(c.id(), c);
    }

    private void pollAll() {
        for (Connector c : folders.values()) {
            try {
                poll(c);
            } catch (RuntimeException | IOException e) {
                log.warn("folder connector {}: {}", c.id(), e.getMessage());
            }
        }
    }

    /** One round over the connector's folder; returns the files handled. Package-private for tests. */
    int poll(Connector c) throws IOException {
        Path dir = Path.of(c.settings().path("path").asText());
        if (!Files.isDirectory(dir)) return 0;
        FolderDrop drop = FolderDrop.of(c.settings());
        Path done = Files.createDirectories(dir.resolve("done"));
        Path failed = Files.createDirectories(dir.resolve("failed"));
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) files.add(p);
        }
        files.sort(null);
        int handled = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!settled(file)) continue;
            Path sidecarImage = null;
            if (!FolderDrop.isSidecar(name)) {
                // An image with a sidecar goes with its sidecar.
                if (Files.exists(dir.resolve(base(name) + ".json"))) continue;
            } else {
                for (String ext : new String[]{".jpg", ".jpeg", ".JPG", ".JPEG", ".webp", ".WEBP"}) {
                    Path img = dir.resolve(base(name) + ext);
                    if (Files.exists(img)) sidecarImage = img;
                }
            }
            long size = Files.size(file);
            if (size > MAX_FILE) {
                fail(c, file, sidecarImage, failed, "larger than " + MAX_FILE / 1024 / 1024 + " MiB", new byte[0]);
                handled++;
                continue;
            }
            byte[] content = Files.readAllBytes(file);
            byte[] image = sidecarImage == null ? null : Files.readAllBytes(sidecarImage);
            Decoded decoded;
            try {
                decoded = drop.decode(name, size, content, image);
            } catch (UnreadablePayload e) {
                fail(c, file, sidecarImage, failed, e.getMessage(), content);
                handled++;
                continue;
            }
            ConnectorService.Receipt receipt = receiver.deliver(c, decoded);
            if (!decoded.reads().isEmpty() && receipt.rejected() == decoded.reads().size()) {
                String reasons = String.join("; ", receipt.items().stream().map(ConnectorService.Item::reason).distinct().toList());
                fail(c, file, sidecarImage, failed, "every read refused: " + reasons, content);
            } else {
                move(file, done);
                if (sidecarImage != null) move(sidecarImage, done);
            }
            handled++;
        }
        return handled;
    }

    private boolean settled(Path file) throws IOException {
        // File times are the disk's wall clock, whatever clock the server runs on.
        return Files.getLastModifiedTime(file).toInstant().isBefore(java.time.Instant.now().minus(SETTLE));
    }

    private void fail(Connector c, Path file, Path image, Path failed, String reason, byte[] content) throws IOException {
        receiver.unreadable(c, file.getFileName().toString(), reason, content);
        Path moved = move(file, failed);
        if (image != null) move(image, failed);
        Files.writeString(failed.resolve(moved.getFileName() + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
    }

    /** Moves into the folder, never over an earlier file of the same name (a suffix is added). */
    private static Path move(Path file, Path into) throws IOException {
        Path target = into.resolve(file.getFileName());
        for (int i = 1; Files.exists(target); i++) target = into.resolve(file.getFileName() + "." + i);
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }

    private static String base(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

}
