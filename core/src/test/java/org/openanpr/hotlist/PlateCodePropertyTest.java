package org.openanpr.hotlist;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.openanpr.plate.OcrConfusion;

class PlateCodePropertyTest {

    private static final String CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @Property
    void differentTextsHaveDifferentCodes(@ForAll("texts") String a, @ForAll("texts") String b) {
        assertThat(PlateCode.of(a) == PlateCode.of(b)).isEqualTo(a.equals(b));
        assertThat(PlateCode.of(a)).isPositive();
    }

    @Property
    void theKeyCodeIsTheCodeOfTheConfusionKey(@ForAll("texts") String text) {
        assertThat(PlateCode.keyOf(text)).isEqualTo(PlateCode.of(OcrConfusion.key(text)));
    }

    @Property
    void deletingFromACodeIsDeletingFromTheText(@ForAll("texts") String text, @ForAll @IntRange(max = 9) int at) {
        int index = at % text.length();
        String shorter = text.substring(0, index) + text.substring(index + 1);

        assertThat(PlateCode.deleteAt(PlateCode.of(text), text.length(), index)).isEqualTo(PlateCode.of(shorter));
        assertThat(PlateCode.charAt(PlateCode.of(text), text.length(), index))
                .isEqualTo(PlateCode.charAt(PlateCode.of(String.valueOf(text.charAt(index))), 1, 0));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(CHARACTERS).ofMinLength(1).ofMaxLength(10);
    }
}
