package org.openanpr.passage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VehicleDescriptionTest {

    @Test
    void camerasWordsInEnglishOrDutchBecomeOneVocabulary() {
        VehicleDescription a = VehicleDescription.of(" Volkswagen ", "Golf  VII", "Light Grey", "Hatchback");
        VehicleDescription b = VehicleDescription.of("VOLKSWAGEN", null, "grijs", "personenauto");
        assertThat(a).isEqualTo(new VehicleDescription("VOLKSWAGEN", "GOLF VII", "grey", "car"));
        assertThat(b.colour()).isEqualTo("grey");
        assertThat(b.type()).isEqualTo("car");
        assertThat(a.conflictsWith(b)).isFalse();
    }

    @Test
    void anUnknownWordIsKeptInLowerCaseAndProvesNoConflict() {
        VehicleDescription anthracite = VehicleDescription.of(null, null, "Anthracite", "Camper");
        assertThat(anthracite.colour()).isEqualTo("anthracite");
        assertThat(anthracite.type()).isEqualTo("camper");
        assertThat(anthracite.conflictsWith(VehicleDescription.of(null, null, "white", "van"))).isFalse();
    }

    @Test
    void differentKnownColoursTypesOrMakesConflict() {
        VehicleDescription whiteVan = VehicleDescription.of("Ford", null, "white", "van");
        assertThat(whiteVan.conflictsWith(VehicleDescription.of(null, null, "zwart", null))).isTrue();
        assertThat(whiteVan.conflictsWith(VehicleDescription.of(null, null, null, "motorfiets"))).isTrue();
        assertThat(whiteVan.conflictsWith(VehicleDescription.of("Renault", null, null, null))).isTrue();
        assertThat(whiteVan.conflictsWith(VehicleDescription.NONE)).isFalse();
    }

    @Test
    void blanksAreAbsent() {
        assertThat(VehicleDescription.of(" ", "", null, "\t")).isSameAs(VehicleDescription.NONE);
    }

    @Test
    void markupControlCharactersAndLongTextAreRefusedNamingTheField() {
        assertThatThrownBy(() -> VehicleDescription.of("<script>", null, null, null)).hasMessageStartingWith("make:");
        assertThatThrownBy(() -> VehicleDescription.of(null, "Golf\u0000", null, null)).hasMessageStartingWith("model:");
        assertThatThrownBy(() -> VehicleDescription.of(null, null, "red,blue", null)).hasMessageStartingWith("colour:");
        assertThatThrownBy(() -> VehicleDescription.of(null, null, null, "x".repeat(33))).hasMessageStartingWith("vehicleType:");
    }
}
