package org.supportdesk.subscription.referral;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-B13: admins run referral campaigns; everyone signed in sees them. */
@Path("/api/v1/referral-campaigns")
public class ReferralCampaignResource {

    private final ReferralService referrals;
    private final Caller caller;

    ReferralCampaignResource(ReferralService referrals, Caller caller) {
        this.referrals = referrals;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<ReferralService.CampaignView>> create(@Valid @NotNull ReferralCampaignRequest request,
            UriInfo uri) {
        return referrals.createCampaign(request, caller).map(c -> Created.at(uri, c.id(), c));
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<List<ReferralService.CampaignView>> campaigns() {
        return referrals.campaigns();
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<ReferralService.CampaignView> campaign(@jakarta.ws.rs.PathParam("id") java.util.UUID id) {
        return referrals.campaign(id);
    }
}
