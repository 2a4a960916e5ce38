package org.supportdesk.subscription.freeze;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** R-S7: a freeze by the company, with its reason. */
public record FreezeRequest(@NotNull FreezeReason reason, @Size(max = 500) String note) {
}
