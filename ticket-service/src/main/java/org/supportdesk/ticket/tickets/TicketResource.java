package org.supportdesk.ticket.tickets;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.rest.Page;
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

    /**
     * Lists: {@code status} repeats; {@code breached} keeps tickets with (or without) a missed SLA
     * target; {@code order=queue} serves the oldest first; pages by {@code cursor} (the answer's
     * {@code nextCursor}) or {@code page}.
     */
    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<TicketService.TicketPage> list(
            @QueryParam("status") List<@Pattern(regexp = "NEW|IN_PROGRESS|PENDING_CUSTOMER|PENDING_VENDOR|RESOLVED|CLOSED|CANCELLED",
                    message = "must be a ticket status") String> status,
            @QueryParam("accountId") @Pattern(regexp = UUID_PATTERN, message = "must be an account id") String accountId,
            @QueryParam("breached") @Pattern(regexp = "true|false", message = "must be true or false") String breached,
            @QueryParam("order") @DefaultValue("recent") @Pattern(regexp = "recent|queue", message = "must be recent or queue") String order,
            @QueryParam("cursor") @jakarta.validation.constraints.Size(max = 200) String cursor,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        // taken as text so that a wrong value answers 400 naming the parameter, not JAX-RS's 404
        return service.list(status == null ? List.of() : status.stream().map(Ticket.Status::valueOf).toList(),
                accountId == null ? null : UUID.fromString(accountId), breached == null ? null : Boolean.valueOf(breached),
                "queue".equals(order), cursor, page, size, caller);
    }

    private static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

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
