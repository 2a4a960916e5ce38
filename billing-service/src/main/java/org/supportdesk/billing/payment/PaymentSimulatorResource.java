package org.supportdesk.billing.payment;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Roles;

/** Ops tell the simulated payment provider to decline an account's next charges and refunds (local stack and tests). */
@Path("/api/v1/payment-simulator/accounts/{accountId}/failures")
public class PaymentSimulatorResource {

    public record Failures(@NotNull @PositiveOrZero @Max(100) Integer times, @NotBlank @Size(max = 200) String reason) {
    }

    private final SimulatedPaymentProvider provider;

    PaymentSimulatorResource(SimulatedPaymentProvider provider) {
        this.provider = provider;
    }

    @POST
    @RolesAllowed({ Roles.OPS, Roles.ADMIN })
    public Failures fail(@PathParam("accountId") UUID accountId, @Valid @NotNull Failures failures) {
        provider.failNext(accountId, failures.times(), failures.reason().strip());
        return failures;
    }
}
