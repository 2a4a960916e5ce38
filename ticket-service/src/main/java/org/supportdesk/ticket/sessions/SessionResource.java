package org.supportdesk.ticket.sessions;

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

/** R-T7: agents work a ticket in remote-support sessions; everyone who sees the ticket sees them. */
@Path("/api/v1/tickets/{ticketId}/sessions")
public class SessionResource {

    private final SessionService sessions;
    private final Caller caller;

    SessionResource(SessionService sessions, Caller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR })
    public Uni<RestResponse<SessionService.SessionView>> start(@PathParam("ticketId") UUID ticketId,
            @Valid @NotNull SessionRequests.Start request) {
        return sessions.start(ticketId, request, caller).map(s -> RestResponse.status(RestResponse.Status.CREATED, s));
    }

    @POST
    @Path("/recorded")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<RestResponse<SessionService.SessionView>> record(@PathParam("ticketId") UUID ticketId,
            @Valid @NotNull SessionRequests.Record request) {
        return sessions.record(ticketId, request, caller).map(s -> RestResponse.status(RestResponse.Status.CREATED, s));
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<List<SessionService.SessionView>> list(@PathParam("ticketId") UUID ticketId) {
        return sessions.list(ticketId, caller);
    }
}
