package org.openanpr.zone;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An enforcement case: one vehicle (the plate as read, or as the reviewer corrected it) in one zone on one local day,
 * from its first passage that day, with what was known when it was decided. It waits in the review queue until an
 * officer (BOA) confirms it, which issues the warning or fine the chain calls for, or rejects it.
 */
public record ZoneCase(long id, long zoneId, String organisation, String plate, LocalDate day, UUID passageId, Instant observedAt,
                       Instant receivedAt, String cameraId, JsonNode camera, String country, float confidence, int passages,
                       String reason, String rule, JsonNode vehicle, JsonNode exemptionCheck, boolean plateImage,
                       boolean overviewImage, Status status, EnforcementPolicy.Kind sanction, Integer fineOrdinal, BigDecimal amount,
                       String reviewer, Instant reviewedAt, RejectReason rejectReason, String reviewNote, String readPlate,
                       Appeal appeal, boolean paid, Instant exportedAt) {

    public enum Status { REVIEW, CONFIRMED, REJECTED }

    /** Why a reviewer rejected a case; MISREAD counts in the misread rate. */
    public enum RejectReason { MISREAD, NOT_VISIBLE, EXEMPT, FOREIGN, DUPLICATE, COMPLIANT_AFTER_REVIEW, OTHER }

    /** Appeal (bezwaar) against a fine. */
    public enum Appeal { NONE, LODGED, UPHELD, DISMISSED }
}
