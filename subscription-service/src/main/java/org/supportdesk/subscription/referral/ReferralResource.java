package org.supportdesk.subscription.referral;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-B13: a member makes referral links and sees what the accounts that joined through them earned it. */
@Path("/api/v1/accounts/{accountId}/referrals")
public class ReferralResource {

    public record LinkRequest(@NotNull UUID campaignId) {
    }

    private final ReferralService referrals;
    private final Caller caller;

    ReferralResource(ReferralService referrals, Caller caller) {
        this.referrals = referrals;
        this.caller = caller;
    }

    @POST
    @Path("/links")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<ReferralService.LinkView> link(@PathParam("accountId") UUID accountId,
            @Valid @NotNull LinkRequest request) {
        return referrals.link(accountId, request.campaignId(), caller);
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<List<ReferralService.ReferralView>> referrals(@PathParam("accountId") UUID accountId) {
        return referrals.referralsOf(accountId, caller);
    }
}
