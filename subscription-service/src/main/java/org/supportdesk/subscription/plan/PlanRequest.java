package org.supportdesk.subscription.plan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new plan, or a new version of one (the code cannot change). */
public record PlanRequest(
        @NotBlank @Size(max = 60) @Pattern(regexp = "[a-z0-9-]+", message = "must be lower-case-with-dashes") String code,
        @NotBlank @Size(max = 200) String name,
        @NotNull @Valid PlanTerms terms) {
}
