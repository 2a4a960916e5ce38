package org.supportdesk.ticket.sla;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-L2: admins make SLA policies; staff read them. A ticket keeps the policy it was opened under. */
@Path("/api/v1/sla-policies")
public class SlaPolicyResource {
    private final SlaPolicies policies;
    private final Caller caller;

    SlaPolicyResource(SlaPolicies policies, Caller caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<SlaPolicies.PolicyView>> create(@Valid @NotNull SlaPolicies.PolicyRequest request,
            UriInfo uri) {
        return policies.createPolicy(request, caller).map(p -> Created.at(uri, p.id(), p));
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<List<SlaPolicies.PolicyView>> list() {
        return policies.policies();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<SlaPolicies.PolicyView> get(@PathParam("id") UUID id) {
        return policies.policy(id);
    }
}
