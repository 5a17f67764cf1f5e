package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stakeout areas: circles and GeoJSON polygons, their edges, holes and concave corners, and what is refused. */
class AreaTest {
    static Area parse(String json) throws Exception {
        return Area.parse(Json.MAPPER.readTree(json));
    }

    static String polygon(String rings) {
        return "{\"polygon\":{\"type\":\"Polygon\",\"coordinates\":" + rings + "}}";
    }

    static final String SQUARE = "[[5.10,52.09],[5.12,52.09],[5.12,52.11],[5.10,52.11],[5.10,52.09]]";

    @Test
    void aPointOnTheEdgeOrAVertexIsInsideAndOneJustOutsideIsNot() throws Exception {
        Area a = parse(polygon("[" + SQUARE + "]"));
        assertThat(a.contains(52.10, 5.11)).isTrue();
        assertThat(a.contains(52.09, 5.11)).as("on the southern edge").isTrue();
        assertThat(a.contains(52.11, 5.12)).as("a vertex").isTrue();
        assertThat(a.contains(52.0899, 5.11)).isFalse();
        assertThat(a.squareKilometres()).isBetween(2.9, 3.1);
    }

    @Test
    void aHoleAndTheNotchOfAConcaveShapeAreOutside() throws Exception {
        Area holed = parse(polygon("[" + SQUARE + ",[[5.105,52.095],[5.115,52.095],[5.115,52.105],[5.105,52.105],[5.105,52.095]]]"));
        assertThat(holed.contains(52.10, 5.11)).as("in the hole").isFalse();
        assertThat(holed.contains(52.092, 5.101)).isTrue();
        // a U: the notch between its arms is outside
        Area u = parse(polygon("[[[5.10,52.09],[5.13,52.09],[5.13,52.12],[5.12,52.12],[5.12,52.10],[5.11,52.10],[5.11,52.12],[5.10,52.12],[5.10,52.09]]]"));
        assertThat(u.contains(52.11, 5.115)).isFalse();
        assertThat(u.contains(52.11, 5.105)).isTrue();
        assertThat(u.contains(52.095, 5.115)).isTrue();
    }

    @Test
    void aFeatureHoldingAPolygonIsTakenAndACircleContainsWhatIsWithinItsRadius() throws Exception {
        Area f = parse("{\"polygon\":{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE + "]}}}");
        assertThat(f.contains(52.10, 5.11)).isTrue();
        Area c = parse("{\"circle\":{\"lat\":52.09,\"lon\":5.12,\"radiusMetres\":100}}");
        assertThat(c.contains(52.0908, 5.12)).as("~89 m north").isTrue();
        assertThat(c.contains(52.0910, 5.12)).as("~111 m north").isFalse();
        JsonNode geo = Json.MAPPER.valueToTree(c.geoJson());
        assertThat(geo.path("radius").asDouble()).isEqualTo(100);
    }

    @Test
    void invalidOrHugeShapesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> parse(polygon("[[[5.10,52.09],[5.11,52.10],[5.11,52.09],[5.10,52.10],[5.10,52.09]]]")))
                .hasMessageContaining("not a valid polygon");
        assertThatThrownBy(() -> parse(polygon("[[[5.10,52.09],[5.12,52.09],[5.12,52.11],[5.10,52.11]]]"))).hasMessageContaining("not closed");
        assertThatThrownBy(() -> parse(polygon("[[[5.10,52.09],[5.12,52.09],[5.10,52.09]]]"))).hasMessageContaining("at least 4");
        assertThatThrownBy(() -> parse(polygon("[[[4,51],[6,51],[6,53],[4,53],[4,51]]]"))).hasMessageContaining("km²");
        assertThatThrownBy(() -> parse(polygon("[[[\"a\",52.09],[5.12,52.09],[5.12,52.11],[5.10,52.09]]]"))).hasMessageContaining("[lon, lat]");
        assertThatThrownBy(() -> parse(polygon("[[[5.10,92.09],[5.12,52.09],[5.12,52.11],[5.10,92.09]]]"))).hasMessageContaining("lat");
        assertThatThrownBy(() -> parse("{\"polygon\":{\"type\":\"MultiPolygon\",\"coordinates\":[]}}")).hasMessageContaining("MultiPolygon");
        assertThatThrownBy(() -> parse("{\"polygon\":{\"type\":\"Polygon\",\"coordinates\":[]}}")).hasMessageContaining("rings");
        assertThatThrownBy(() -> parse("{\"circle\":{\"lat\":52,\"lon\":5,\"radiusMetres\":3001}}")).hasMessageContaining("3000");
        assertThatThrownBy(() -> parse("{\"circle\":{\"lat\":52,\"lon\":5,\"radiusMetres\":0}}")).hasMessageContaining("radius");
        assertThatThrownBy(() -> parse("{\"circle\":{\"lat\":52,\"lon\":5}}")).hasMessageContaining("radiusMetres");
        assertThatThrownBy(() -> parse("{\"circle\":{\"lat\":52,\"lon\":5,\"radiusMetres\":10},\"polygon\":{}}")).hasMessageContaining("not both");
    }
}
