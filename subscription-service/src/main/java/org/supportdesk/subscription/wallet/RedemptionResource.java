package org.supportdesk.subscription.wallet;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** Redeeming a gift card, service card or coupon into the wallet (R-B6). */
@Path("/api/v1/accounts/{accountId}/redemptions")
public class RedemptionResource {

    public record RedeemRequest(@NotBlank @Size(max = 64) String code) {
    }

    private final VoucherService vouchers;
    private final Caller caller;

    RedemptionResource(VoucherService vouchers, Caller caller) {
        this.vouchers = vouchers;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<VoucherService.Redemption> redeem(@PathParam("accountId") UUID accountId,
            @Valid @NotNull RedeemRequest request) {
        return vouchers.redeem(accountId, request.code().strip(), caller);
    }
}
