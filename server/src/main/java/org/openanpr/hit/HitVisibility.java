package org.openanpr.hit;

import org.openanpr.access.Visibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Who sees a hit, said once for both places that need it: the SQL of every hit query (lists, a hit by id, images,
 * statistics, the replay of missed alerts) and the live alert stream, which decides in Java. A hit is its list
 * owner's; a camera shared with an organisation also shows it the hits of the camera owner's own lists, not those
 * of third organisations' lists; the system token sees all. Each {@link Clause} holds its SQL and its Java side by
 * side, and both forms are built from the same clauses, so a clause cannot be added to one and not the other
 * ({@code HitVisibilityTest} checks that the database and the stream agree case by case).
 */
public final class HitVisibility {
    private HitVisibility() {
    }

    /** A hit is visible when any clause holds. */
    private enum Clause {
        OWN_LIST {
            @Override
            String sql(Visibility v, String hit, String list, List<Object> args) {
                args.add(v.organisation());
                return list + ".organisation = ?";
            }

            @Override
            boolean holds(Visibility v, String listOrganisation, String cameraId, String cameraOrganisation) {
                return v.organisation().equals(listOrganisation);
            }
        },
        SHARED_CAMERA_OWNERS_LIST {
            @Override
            String sql(Visibility v, String hit, String list, List<Object> args) {
                args.add(v.sharedHitCameraArray());
                return "(" + hit + ".camera_id = any(?) and " + list + ".organisation = "
                        + "(select vc.organisation from camera vc where vc.id = " + hit + ".camera_id))";
            }

            @Override
            boolean holds(Visibility v, String listOrganisation, String cameraId, String cameraOrganisation) {
                return v.sharedHitCameras().contains(cameraId) && listOrganisation.equals(cameraOrganisation);
            }
        };

        abstract String sql(Visibility v, String hit, String list, List<Object> args);

        abstract boolean holds(Visibility v, String listOrganisation, String cameraId, String cameraOrganisation);
    }

    /**
     * The SQL condition under which a caller sees a hit (alias {@code hit}, with a {@code camera_id}) of a list
     * (alias {@code list}). Appends the condition's arguments to {@code args}; bind them with
     * {@link org.openanpr.db.Sql#bind}.
     */
    public static String sql(Visibility v, String hit, String list, List<Object> args) {
        if (v.all()) return "true";
        List<String> any = new ArrayList<>();
        for (Clause c : Clause.values()) any.add(c.sql(v, hit, list, args));
        return "(" + String.join(" or ", any) + ")";
    }

    /** Whether a caller that may see {@code v} sees this hit, whose camera belongs to {@code cameraOrganisation}. */
    public static boolean sees(Visibility v, Hit hit, String cameraOrganisation) {
        return sees(v, hit.organisation(), hit.camera(), cameraOrganisation);
    }

    static boolean sees(Visibility v, String listOrganisation, String cameraId, String cameraOrganisation) {
        if (v.all()) return true;
        for (Clause c : Clause.values()) if (c.holds(v, listOrganisation, cameraId, cameraOrganisation)) return true;
        return false;
    }
}
