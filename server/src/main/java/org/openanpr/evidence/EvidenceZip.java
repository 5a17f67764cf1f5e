package org.openanpr.evidence;

import org.openanpr.audit.CheckpointKey;
import org.openanpr.http.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An evidence package as a ZIP: the files, a {@code manifest.json} with the SHA-256 of each, {@code manifest.sig}
 * (the server's Ed25519 signature of the manifest's bytes, base64) and {@code signer.pub} (the signing key, for
 * information only: a verifier trusts the key it was given, never the one in the package).
 *
 * <p>The ZIP is canonical: entries STORED (no compression, so no dependence on a zlib version), in manifest order,
 * with a fixed timestamp and no comments or extra fields. {@link #verify} checks the hashes and the signature and
 * then rebuilds the package from its own contents: unless the file is byte for byte the canonical one, it fails. So
 * any changed byte fails, in a file's content, a name, a header, a date or the central directory alike.
 */
public final class EvidenceZip {
    public static final String FORMAT = "openanpr-evidence-v1";
    static final String MANIFEST = "manifest.json";
    static final String SIGNATURE = "manifest.sig";
    static final String SIGNER = "signer.pub";
    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(2001, 1, 1, 0, 0);

    private EvidenceZip() {
    }

    /** Builds the package from named files (in this order) and a description for the manifest. */
    public static byte[] build(Map<String, byte[]> files, Map<String, Object> about, CheckpointKey key) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.putAll(about);
        Map<String, String> hashes = new LinkedHashMap<>();
        files.forEach((name, bytes) -> {
            if (name.equals(MANIFEST) || name.equals(SIGNATURE) || name.equals(SIGNER)) throw new IllegalArgumentException("reserved name " + name);
            hashes.put(name, sha256(bytes));
        });
        manifest.put("algorithm", "SHA-256");
        manifest.put("signature", "Ed25519 over the bytes of manifest.json, base64 in manifest.sig");
        manifest.put("files", hashes);
        byte[] manifestBytes;
        try {
            manifestBytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(MANIFEST, manifestBytes);
        all.put(SIGNATURE, Base64.getEncoder().encode(key.sign(manifestBytes)));
        all.put(SIGNER, pem(key.publicKey()));
        return canonical(all);
    }

    /** What a check found: ok, or the first problem. */
    public record Result(boolean ok, String problem, int files) {
    }

    public static Result verify(byte[] zip, PublicKey trusted) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (entries.containsKey(e.getName())) return fail("entry " + e.getName() + " appears twice");
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            return fail("not a readable ZIP: " + e.getMessage());
        }
        byte[] manifestBytes = entries.get(MANIFEST);
        byte[] sig = entries.get(SIGNATURE);
        if (manifestBytes == null || sig == null) return fail("no manifest.json or manifest.sig: not an evidence package");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return fail("manifest.sig is not base64");
        }
        if (!CheckpointKey.verify(trusted, manifestBytes, signature))
            return fail("the signature of manifest.json does not verify with the trusted public key");
        Map<String, String> hashes = new LinkedHashMap<>();
        try {
            var node = Json.MAPPER.readTree(manifestBytes);
            if (!FORMAT.equals(node.path("format").asText())) return fail("manifest format is not " + FORMAT);
            node.path("files").fields().forEachRemaining(f -> hashes.put(f.getKey(), f.getValue().asText()));
        } catch (IOException e) {
            return fail("manifest.json is not JSON");
        }
        for (Map.Entry<String, String> h : hashes.entrySet()) {
            byte[] content = entries.get(h.getKey());
            if (content == null) return fail("file " + h.getKey() + " named in the manifest is missing");
            if (!sha256(content).equals(h.getValue())) return fail("file " + h.getKey() + " does not match its SHA-256 in the manifest");
        }
        for (String name : entries.keySet())
            if (!hashes.containsKey(name) && !name.equals(MANIFEST) && !name.equals(SIGNATURE) && !name.equals(SIGNER))
                return fail("file " + name + " is not in the manifest");
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String name : hashes.keySet()) ordered.put(name, entries.get(name));
        ordered.put(MANIFEST, manifestBytes);
        ordered.put(SIGNATURE, sig);
        if (entries.containsKey(SIGNER)) ordered.put(SIGNER, entries.get(SIGNER));
        if (!Arrays.equals(canonical(ordered), zip))
            return fail("the contents verify but the ZIP is not byte for byte as signed (a header, date, comment or the directory was changed)");
        return new Result(true, null, hashes.size());
    }

    private static Result fail(String problem) {
        return new Result(false, problem, 0);
    }

    private static byte[] canonical(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            out.setMethod(ZipOutputStream.STORED);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ZipEntry e = new ZipEntry(f.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setTimeLocal(FIXED_TIME); // local DOS time: the same bytes in every time zone
                e.setSize(f.getValue().length);
                e.setCompressedSize(f.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(f.getValue());
                e.setCrc(crc.getValue());
                out.putNextEntry(e);
                out.write(f.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return ("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** For the names in a package, e.g. to list them. */
    public static List<String> names(byte[] zip) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) out.add(e.getName());
        }
        return out;
    }
}
