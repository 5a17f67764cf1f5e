package org.openanpr.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Must show 2: an evidence ZIP verifies, and any changed byte fails the check. */
class EvidenceZipTest {
    @TempDir
    Path dir;

    byte[] evidence(CheckpointKey key) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("case.json", "{\"case\":{\"id\":7,\"plate\":\"11VBB1\"}}".getBytes(StandardCharsets.UTF_8));
        files.put("sign-inspection.json", "{\"inspector\":\"J. de Vries\",\"allInPlace\":true}".getBytes(StandardCharsets.UTF_8));
        files.put("plate.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9});
        return EvidenceZip.build(files, Map.of("case", 7), key);
    }

    @Test
    void aPackageVerifiesAndEveryChangedByteFails() {
        CheckpointKey key = CheckpointKey.loadOrCreate(dir.resolve("evidence.key"));
        byte[] zip = evidence(key);
        assertThat(EvidenceZip.verify(zip, key.publicKey()).ok()).isTrue();
        int failed = 0;
        for (int i = 0; i < zip.length; i++) {
            byte[] changed = zip.clone();
            changed[i] ^= 0x01;
            EvidenceZip.Result r = EvidenceZip.verify(changed, key.publicKey());
            if (!r.ok()) failed++;
            else throw new AssertionError("byte " + i + " of " + zip.length + " changed and the package still verified");
            byte[] other = zip.clone();
            other[i] = (byte) (other[i] + 0x80);
            assertThat(EvidenceZip.verify(other, key.publicKey()).ok()).as("byte %d set to another value", i).isFalse();
        }
        assertThat(failed).isEqualTo(zip.length);
        // a byte more or less at the end fails too
        assertThat(EvidenceZip.verify(java.util.Arrays.copyOf(zip, zip.length + 1), key.publicKey()).ok()).isFalse();
        assertThat(EvidenceZip.verify(java.util.Arrays.copyOf(zip, zip.length - 1), key.publicKey()).ok()).isFalse();
    }

    @Test
    void aPackageSignedByAnotherKeyFailsEvenWithItsOwnSignerInside() {
        CheckpointKey server = CheckpointKey.loadOrCreate(dir.resolve("server.key"));
        CheckpointKey forger = CheckpointKey.loadOrCreate(dir.resolve("forger.key"));
        EvidenceZip.Result r = EvidenceZip.verify(evidence(forger), server.publicKey());
        assertThat(r.ok()).isFalse();
        assertThat(r.problem()).contains("signature");
    }

    @Test
    void theCommandSaysOkOrFailedWithTheReason() throws Exception {
        CheckpointKey key = CheckpointKey.loadOrCreate(dir.resolve("evidence.key"));
        Path good = dir.resolve("evidence-7.zip");
        byte[] zip = evidence(key);
        Files.write(good, zip);
        zip[zip.length / 2] ^= 0x20;
        Path bad = dir.resolve("evidence-7-changed.zip");
        Files.write(bad, zip);
        String pub = dir.resolve("evidence.key.pub").toString();
        assertThat(run("evidence", "verify", good.toString(), "--public-key", pub)).startsWith("0:").contains("OK");
        assertThat(run("evidence", "verify", bad.toString(), "--public-key", pub)).startsWith("1:").contains("FAILED");
        assertThat(run("evidence", "verify", good.toString(), "--data", dir.toString())).startsWith("0:");
        assertThat(run("evidence", "verify", dir.resolve("missing.zip").toString(), "--public-key", pub)).startsWith("2:");
    }

    static String run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            System.setErr(p);
            int code = Main.run(args);
            return code + ": " + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A damaged or hostile photo is named in the printed evidence, never decoded into a giant raster. */
    @Test
    void aPhotoThatIsNotAReadableJpegIsNamedNotPrinted() throws Exception {
        byte[] fake = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        assertThat(EvidencePdf.printable(fake)).isFalse();
        byte[] pdf = EvidencePdf.render("case 1", java.util.List.of(EvidencePdf.Line.heading("Passage"),
                new EvidencePdf.Line("Plate", "11-VBB-1 \u2192 \u4e2d"), new EvidencePdf.Line("Registry", "x".repeat(400))),
                java.util.Arrays.asList(fake, null));
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text).contains("Plate: 11-VBB-1 ? ?").contains("not a readable JPEG");
        }
    }
}
