package org.supportdesk.subscription.promotion;

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

/** R-B14: joining promotions; admins create campaigns, everyone signed in sees them. */
@Path("/api/v1/promotions")
public class PromotionResource {

    private final PromotionService promotions;
    private final Caller caller;

    PromotionResource(PromotionService promotions, Caller caller) {
        this.promotions = promotions;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<PromotionService.PromotionView>> create(@Valid @NotNull PromotionRequest request,
            UriInfo uri) {
        return promotions.create(request, caller).map(p -> Created.at(uri, p.id(), p));
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<List<PromotionService.PromotionView>> list() {
        return promotions.list();
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<PromotionService.PromotionView> get(@jakarta.ws.rs.PathParam("id") java.util.UUID id) {
        return promotions.find(id);
    }
}
