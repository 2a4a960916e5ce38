package org.supportdesk.notification.emergency;

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

/** R-E1: ops declare and end emergencies; staff see them. */
@Path("/api/v1/emergencies")
public class EmergencyResource {

    private final EmergencyService emergencies;
    private final Caller caller;

    EmergencyResource(EmergencyService emergencies, Caller caller) {
        this.emergencies = emergencies;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.OPS)
    public Uni<RestResponse<EmergencyService.EmergencyView>> declare(@Valid @NotNull EmergencyService.Declaration request,
            UriInfo uri) {
        return emergencies.declare(request, caller).map(e -> Created.at(uri, e.id(), e));
    }

    @POST
    @Path("/{id}/end")
    @RolesAllowed(Roles.OPS)
    public Uni<EmergencyService.EmergencyView> end(@PathParam("id") UUID id) {
        return emergencies.end(id, caller);
    }

    @GET
    @RolesAllowed({ Roles.OPS, Roles.ADMIN, Roles.SUPERVISOR, Roles.AGENT })
    public Uni<List<EmergencyService.EmergencyView>> list() {
        return emergencies.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.OPS, Roles.ADMIN, Roles.SUPERVISOR, Roles.AGENT })
    public Uni<EmergencyService.EmergencyView> get(@PathParam("id") UUID id) {
        return emergencies.find(id);
    }
}
