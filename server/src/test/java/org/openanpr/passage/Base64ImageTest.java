package org.openanpr.passage;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Base64ImageTest {
    @Test
    void oneLineAndWrappedTextGiveTheSameBytesAndNonBase64IsRefused() {
        byte[] jpeg = new byte[5000];
        new Random(7).nextBytes(jpeg);
        assertThat(Base64Image.decode(Base64.getEncoder().encodeToString(jpeg))).isEqualTo(jpeg);
        assertThat(Base64Image.decode(Base64.getMimeEncoder().encodeToString(jpeg))).isEqualTo(jpeg); // wrapped at 76 with CRLF
        assertThatThrownBy(() -> Base64Image.decode("not*base64")).isInstanceOf(IllegalArgumentException.class);
    }
}
