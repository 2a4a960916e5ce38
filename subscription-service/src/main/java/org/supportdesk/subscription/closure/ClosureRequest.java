package org.supportdesk.subscription.closure;

import java.time.LocalDate;

/** R-S8: close the account at the end of {@code date} (today when absent). */
public record ClosureRequest(LocalDate date) {
}
