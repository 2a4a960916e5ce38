package org.supportdesk.subscription.plan;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** The plan catalogue (R-S1, R-S2): admins publish, everyone signed in reads. */
@Path("/api/v1/plans")
public class PlanResource {

    private final PlanService plans;
    private final Caller caller;

    PlanResource(PlanService plans, Caller caller) {
        this.plans = plans;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<PlanView>> create(@Valid @NotNull PlanRequest request, UriInfo uri) {
        return plans.create(request, caller).map(plan -> Created.at(uri, plan.id(), plan));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PlanView> revise(@PathParam("id") UUID id, @Valid @NotNull PlanRequest request) {
        return plans.revise(id, request, caller);
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<List<PlanView>> list(
            @QueryParam("type") @Pattern(regexp = "PREPAID|OCCASIONAL|MONTHLY", message = "must be PREPAID, OCCASIONAL or MONTHLY") String type,
            @QueryParam("tier") @Pattern(regexp = "SILVER|GOLD|PLATINUM", message = "must be SILVER, GOLD or PLATINUM") String tier) {
        // taken as text so that a wrong value answers 400 naming the parameter, not JAX-RS's 404
        return plans.list(type == null ? null : PlanType.valueOf(type), tier == null ? null : Tier.valueOf(tier));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<PlanView> get(@PathParam("id") UUID id, @QueryParam("version") @Min(1) Integer version) {
        return plans.find(id, version);
    }
}
