package org.openanpr.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a file outside PostgreSQL (mode 0600), so that someone
 * who can rewrite the audit table cannot also sign a checkpoint for the rewritten chain. The public half is written
 * next to it ({@code <key>.pub}); a privacy officer keeps a copy of that to check checkpoints with.
 */
public final class CheckpointKey {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private CheckpointKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key in {@code file}, generated (with its {@code .pub}) when there is none yet. */
    public static CheckpointKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            else Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------")); // copied in loosely?
            return new CheckpointKey(
                    KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pem(file, PRIVATE))),
                    publicKey(publicKeyFile(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("audit checkpoint key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("audit checkpoint key " + file + " is not an Ed25519 key", e);
        }
    }

    /** The public key to check checkpoints with, from a {@code .pub} file. */
    public static PublicKey publicKey(Path file) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(file, PUBLIC)));
        } catch (IOException e) {
            throw new UncheckedIOException("audit checkpoint public key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("audit checkpoint public key " + file + " is not an Ed25519 key", e);
        }
    }

    public static Path publicKeyFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) // the data directory, when the key comes first: owner-only, as the database makes it
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // Written with its mode from the start (never briefly readable by others) and moved into place whole, so a
        // crash leaves no half-written key behind.
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        Path fresh = Files.createTempFile(dir, ".checkpoint-key", ".tmp", PosixFilePermissions.asFileAttribute(owner));
        Files.writeString(fresh, pem(PRIVATE, pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(publicKeyFile(file), pem(PUBLIC, pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN " + type + "-----");
        int end = text.indexOf("-----END " + type + "-----");
        if (begin < 0 || end < begin) throw new IOException("no " + type + " in PEM form");
        return Base64.getMimeDecoder().decode(text.substring(begin + type.length() + 16, end));
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime since 15 signs with Ed25519", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a wrong one
        }
    }
}
