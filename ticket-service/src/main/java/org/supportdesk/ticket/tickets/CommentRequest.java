package org.supportdesk.ticket.tickets;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A comment; {@code internal} ones are for staff only (customers' comments are always public). */
public record CommentRequest(@NotBlank @Size(max = 10_000) String body, boolean internal) {
}
