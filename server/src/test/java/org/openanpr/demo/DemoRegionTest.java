package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.camera.Camera;
import org.openanpr.camera.Camera.CameraStatus;
import org.openanpr.camera.Camera.CameraType;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoRegionTest {
    private final DemoRegion region = DemoRegion.utrecht();

    @Test
    void hasAboutTwentyCamerasWithDistinctIds() {
        List<Camera> cameras = region.cameras();
        assertThat(cameras).hasSizeBetween(18, 24);
        assertThat(cameras).extracting(Camera::id).doesNotHaveDuplicates();
        assertThat(cameras).filteredOn(c -> c.type() == CameraType.MOBILE).hasSize(2);
        assertThat(region.name()).contains("Utrecht");
        assertThat(region.organisation()).isEqualTo("demo-utrecht");
    }

    @Test
    void allCamerasLieInTheUtrechtAreaWithFiveDecimals() {
        for (Camera c : region.cameras()) {
            assertThat(c.lat()).as(c.id()).isBetween(52.0, 52.2);
            assertThat(c.lon()).as(c.id()).isBetween(4.95, 5.25);
            assertThat(BigDecimal.valueOf(c.lat()).scale()).as(c.id()).isLessThanOrEqualTo(5);
            assertThat(BigDecimal.valueOf(c.lon()).scale()).as(c.id()).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void camerasAreActiveRegisteredToTheRegionAndFixedOnesFaceTheTraffic() {
        for (Camera c : region.cameras()) {
            assertThat(c.organisation()).isEqualTo(region.organisation());
            assertThat(c.status()).isEqualTo(CameraStatus.ACTIVE);
            assertThat(c.lastReadAt()).isNull();
            assertThat(c.name()).isNotBlank();
            assertThat(c.id()).matches("UT-[A-Z0-9]+-\\d{2}");
            if (c.type() == CameraType.FIXED) {
                assertThat(c.heading()).as(c.id()).isNotNull().isBetween(0.0, 359.99);
                assertThat(c.lane()).isNotBlank();
                assertThat(c.direction()).startsWith("richting ");
            }
        }
    }

    @Test
    void consecutiveLinkedCamerasFaceRoughlyTheWayTheLinkRuns() {
        // A link from a camera facing north should not lead to a camera far behind it.
        RoadNetwork roads = new RoadNetwork(region);
        for (RoadLink l : region.links()) {
            Camera from = region.camera(l.from());
            GeoPoint a = roads.position(l.from());
            GeoPoint b = roads.position(l.to());
            double bearing = Math.toDegrees(Math.atan2(
                    (b.lon() - a.lon()) * Math.cos(Math.toRadians(a.lat())), b.lat() - a.lat()));
            double off = Math.abs(((bearing - from.heading()) % 360 + 540) % 360 - 180);
            assertThat(off).as("%s -> %s", l.from(), l.to()).isLessThan(120);
        }
    }

    @Test
    void everyMobileCameraHasAPatrolRouteInsideTheRegion() {
        assertThat(region.patrols()).extracting(PatrolRoute::cameraId)
                .containsExactlyInAnyOrderElementsOf(region.cameras().stream()
                        .filter(c -> c.type() == CameraType.MOBILE).map(Camera::id).toList());
        for (PatrolRoute p : region.patrols()) {
            assertThat(p.waypoints()).allSatisfy(w -> {
                assertThat(w.lat()).isBetween(52.0, 52.2);
                assertThat(w.lon()).isBetween(4.95, 5.25);
            });
        }
    }
}
