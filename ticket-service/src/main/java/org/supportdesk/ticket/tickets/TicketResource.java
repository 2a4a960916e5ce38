package org.supportdesk.ticket.tickets;

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

@Path("/api/v1/tickets")
public class TicketResource {

    private final TicketService service;
    private final TicketWorkflow workflow;
    private final Caller caller;

    TicketResource(TicketService service, TicketWorkflow workflow, Caller caller) {
        this.service = service;
        this.workflow = workflow;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<RestResponse<TicketView>> open(@Valid @NotNull OpenTicket request, UriInfo uri) {
        return service.open(request, caller).map(ticket -> Created.at(uri, ticket.id(), ticket));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<TicketView> get(@PathParam("id") UUID id) {
        return service.find(id, caller);
    }

    /** R-T2: a status change by the customer (cancel, reply, confirm, reject) or an agent. */
    @POST
    @Path("/{id}/transitions")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<TicketView> transition(@PathParam("id") UUID id, @Valid @NotNull TransitionRequest request) {
        return workflow.transition(id, request, caller);
    }

    @POST
    @Path("/{id}/comments")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<RestResponse<TicketWorkflow.CommentView>> comment(@PathParam("id") UUID id,
            @Valid @NotNull CommentRequest request, UriInfo uri) {
        return workflow.comment(id, request, caller).map(c -> RestResponse.status(RestResponse.Status.CREATED, c));
    }

    @GET
    @Path("/{id}/comments")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<List<TicketWorkflow.CommentView>> comments(@PathParam("id") UUID id) {
        return workflow.comments(id, caller);
    }
}
