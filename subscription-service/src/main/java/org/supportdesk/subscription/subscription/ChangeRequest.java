package org.supportdesk.subscription.subscription;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Join a plan, or change to it from the start of {@code effectiveDate} (a service day; the next day
 * when absent). Joining a PREPAID plan takes a gift or service card code (R-S3).
 */
public record ChangeRequest(@NotNull UUID planId, LocalDate effectiveDate, @Size(max = 64) String cardCode) {
}
