package org.openanpr.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Anchors the audit chain outside PostgreSQL: a text file to which each checkpoint appends one line naming the
 * log's last record, its hash and the time, signed with an Ed25519 key that is not in the database. Anyone who can
 * rewrite the audit table can make the chain consistent again, and can cut its newest records off; neither can
 * sign. {@code anpr audit verify --checkpoints FILE} then finds a named record missing (cut short) or with another
 * hash (rewritten). The file is meant to be copied off the host; a copy kept elsewhere cannot be rewritten with it.
 * <p>
 * A line: {@code v1 <seq> <hash hex> <time> <signature base64>}; the signature covers the first four fields.
 */
public final class AuditCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final String VERSION = "v1";

    private final DataSource db;
    private final Path file;
    private final CheckpointKey key;
    private final Clock clock;

    public AuditCheckpoints(DataSource db, Path file, CheckpointKey key, Clock clock) {
        this.db = db;
        this.file = file;
        this.key = key;
        this.clock = clock;
    }

    /** One signed line: the log held record {@code seq} with {@code hash} at {@code at}. */
    public record Checkpoint(long seq, String hash, Instant at, String signature) {
        byte[] hashBytes() {
            return HEX.parseHex(hash);
        }

        byte[] signed() {
            return (VERSION + " " + seq + " " + hash + " " + at).getBytes(StandardCharsets.US_ASCII);
        }

        String line() {
            return VERSION + " " + seq + " " + hash + " " + at + " " + signature + "\n";
        }

        static Checkpoint parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 5 || !f[0].equals(VERSION)) throw new IllegalArgumentException("not a v1 checkpoint line");
            try {
                Checkpoint cp = new Checkpoint(Long.parseLong(f[1]), f[2], Instant.parse(f[3]), f[4]);
                if (cp.hashBytes().length != 32) throw new IllegalArgumentException("hash is not 32 bytes");
                Base64.getDecoder().decode(cp.signature()); // throws for what is no signature at all
                return cp;
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** The checkpoints of a file, every signature checked; a line that is unreadable or unsigned by {@code key} fails. */
    public static List<Checkpoint> read(Path file, PublicKey key) {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), file, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit checkpoints " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Checkpoint> parse(String text, Path file, PublicKey key) {
        List<String> lines = text.lines().toList();
        List<Checkpoint> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            Checkpoint cp;
            try {
                cp = Checkpoint.parse(lines.get(i));
            } catch (IllegalArgumentException e) {
                throw new Tampered(file + " line " + (i + 1) + ": " + e.getMessage());
            }
            if (!CheckpointKey.verify(key, cp.signed(), Base64.getDecoder().decode(cp.signature())))
                throw new Tampered(file + " line " + (i + 1) + ": the signature does not verify with the public key");
            out.add(cp);
        }
        return out;
    }

    /**
     * What a checkpoint run or a check found changed: a checkpoint line not signed by the key it is checked against,
     * or an audit log whose chain broke since the last checkpoint.
     */
    public static final class Tampered extends RuntimeException {
        Tampered(String message) {
            super(message);
        }
    }

    /**
     * Signs the log's last record and appends the line, after checking that the records since the previous checkpoint
     * continue its chain: a chain broken in between is reported, never signed. Returns the new checkpoint, or null when
     * no record was added since the previous one (or the log is empty).
     */
    public synchronized Checkpoint write() {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileLock ignored = out.lock()) { // serve and `anpr audit checkpoint` may write at once
            List<Checkpoint> earlier = lastLine(out);
            AuditVerifier verifier = new AuditVerifier(db);
            AuditVerifier.Result r = earlier.isEmpty() ? verifier.verify()
                    : verifier.verifySince(earlier.getLast());
            if (!r.ok())
                throw new Tampered("audit log BROKEN at record " + r.brokenAt() + ": " + r.problem()
                        + "; no checkpoint signed");
            if (r.lastSeq() == 0 || (!earlier.isEmpty() && r.lastSeq() == earlier.getLast().seq())) return null;
            Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Checkpoint unsigned = new Checkpoint(r.lastSeq(), r.lastHash(), at, "");
            Checkpoint cp = new Checkpoint(r.lastSeq(), r.lastHash(), at,
                    Base64.getEncoder().encodeToString(key.sign(unsigned.signed())));
            ByteBuffer line = ByteBuffer.wrap(cp.line().getBytes(StandardCharsets.US_ASCII));
            long end = out.size(); // appended under the lock: nothing else writes the file meanwhile
            while (line.hasRemaining()) end += out.write(line, end);
            out.force(true);
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit checkpoints to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's last checkpoint (as a list of at most one), its signature checked. Read from the end of the locked
     * channel: the file grows for years, and closing another channel on it would release the lock.
     */
    private List<Checkpoint> lastLine(FileChannel in) throws IOException {
        long size = in.size();
        ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, 4096));
        long from = size - tail.capacity();
        while (tail.hasRemaining() && in.read(tail, from + tail.position()) >= 0) ;
        String text = new String(tail.array(), StandardCharsets.US_ASCII).stripTrailing();
        if (text.isEmpty()) return List.of();
        String last = text.substring(text.lastIndexOf('\n') + 1);
        return parse(last, file, key.publicKey());
    }

    /** {@link #write()} for a scheduler: a failure is logged loudly and retried at the next run, never thrown. */
    public void writeLogged() {
        try {
            Checkpoint cp = write();
            if (cp != null) log.info("audit checkpoint: record {} hash {}", cp.seq(), cp.hash());
        } catch (RuntimeException e) {
            log.error("audit checkpoint not written: {}", e.getMessage());
        }
    }
}
