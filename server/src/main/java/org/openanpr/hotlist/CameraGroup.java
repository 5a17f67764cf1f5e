package org.openanpr.hotlist;

import java.util.List;

/** A named set of cameras that lists are switched on for together (e.g. "A12 corridor", "city ring"). */
public record CameraGroup(String code, String name, String organisation, List<String> cameras) {
}
