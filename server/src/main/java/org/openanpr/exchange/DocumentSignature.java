package org.openanpr.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openanpr.http.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * The signature of an exchange document under an agreement with a shared key: HMAC-SHA256 over the document's
 * canonical form (every field but {@code signature}, object keys sorted at every level, no whitespace), in
 * {@code signature: {alg: "HMAC-SHA256", value: base64}}. It shows the document came from the holder of the key
 * and was not altered on the way.
 */
final class DocumentSignature {
    static final String ALG = "HMAC-SHA256";
    static final int MIN_KEY_BYTES = 32;

    private DocumentSignature() {
    }

    /** The key as given (base64), checked; IllegalArgumentException otherwise. */
    static byte[] key(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sharedKey: base64 (e.g. from 'openssl rand -base64 32')");
        }
        if (key.length < MIN_KEY_BYTES) throw new IllegalArgumentException("sharedKey: at least " + MIN_KEY_BYTES + " bytes of key");
        return key;
    }

    static void sign(ObjectNode document, String sharedKey) {
        document.remove("signature");
        String value = Base64.getEncoder().encodeToString(mac(document, sharedKey));
        document.putObject("signature").put("alg", ALG).put("value", value);
    }

    /** Null when the document carries a valid signature under the key, else why not. */
    static String problem(JsonNode document, String sharedKey) {
        JsonNode signature = document.path("signature");
        if (!signature.isObject()) return "it is not signed, and the agreement's key demands a signature";
        if (!ALG.equals(signature.path("alg").asText())) return "signature.alg: " + ALG + " expected";
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.path("value").asText(""));
        } catch (IllegalArgumentException e) {
            return "signature.value: not base64";
        }
        ObjectNode unsigned = document.deepCopy();
        unsigned.remove("signature");
        return MessageDigest.isEqual(given, mac(unsigned, sharedKey)) ? null
                : "the signature does not match: the document was altered, or signed with another key";
    }

    private static byte[] mac(JsonNode unsigned, String sharedKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(sharedKey), "HmacSHA256"));
            return mac.doFinal(Json.MAPPER.writeValueAsBytes(canonical(unsigned)));
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same JSON with object keys sorted at every level. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
            names.sort(null);
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (String name : names) out.set(name, canonical(node.get(name)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JsonNode item : node) out.add(canonical(item));
            return out;
        }
        return node;
    }
}
