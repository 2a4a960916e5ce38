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

/** R-L1: admins make business calendars; staff read them. Calendars never change once made. */
@Path("/api/v1/calendars")
public class CalendarResource {
    private final SlaPolicies policies;
    private final Caller caller;

    CalendarResource(SlaPolicies policies, Caller caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<SlaPolicies.CalendarView>> create(@Valid @NotNull SlaPolicies.CalendarRequest request,
            UriInfo uri) {
        return policies.createCalendar(request, caller).map(c -> Created.at(uri, c.id(), c));
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<List<SlaPolicies.CalendarView>> list() {
        return policies.calendars();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<SlaPolicies.CalendarView> get(@PathParam("id") UUID id) {
        return policies.calendar(id);
    }
}
