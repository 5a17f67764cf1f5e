package org.openanpr.retention;

/**
 * A retention regime for an organisation's cameras or one camera. {@code HITS_ONLY}: "select before you collect", a
 * read without a hit is matched and counted but never written. {@code ALL_PASSAGES}: every read kept {@code days}.
 */
public record RetentionPolicy(Scope scope, String target, Regime regime, int days) {
    public enum Scope { ORGANISATION, CAMERA }

    public enum Regime { HITS_ONLY, ALL_PASSAGES }

    /** What applies where nothing was chosen: all passages, for the legal maximum. */
    public static RetentionPolicy defaultFor(String camera) {
        return new RetentionPolicy(Scope.CAMERA, camera, Regime.ALL_PASSAGES, RetentionPeriod.MAX_DAYS);
    }

    public RetentionPeriod period() {
        return new RetentionPeriod(days);
    }

    public boolean keepsNoHitReads() {
        return regime == Regime.ALL_PASSAGES;
    }
}
