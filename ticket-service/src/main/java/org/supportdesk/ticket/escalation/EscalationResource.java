package org.supportdesk.ticket.escalation;

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
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-T8: staff escalate by tier; the customer (or its partner) asks for the next external level. */
@Path("/api/v1/tickets/{ticketId}/escalations")
public class EscalationResource {

    private final EscalationService escalations;
    private final Caller caller;

    EscalationResource(EscalationService escalations, Caller caller) {
        this.escalations = escalations;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<RestResponse<EscalationService.EscalationView>> escalate(@PathParam("ticketId") UUID ticketId,
            @Valid @NotNull EscalationRequest request) {
        return escalations.escalate(ticketId, request, caller).map(e -> RestResponse.status(RestResponse.Status.CREATED, e));
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<List<EscalationService.EscalationView>> list(@PathParam("ticketId") UUID ticketId) {
        return escalations.list(ticketId, caller);
    }
}
