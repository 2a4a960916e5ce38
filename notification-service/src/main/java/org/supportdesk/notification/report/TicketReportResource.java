package org.supportdesk.notification.report;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-T10: a customer asks for a periodic ticket report by email (free). */
@Path("/api/v1/accounts/{accountId}/ticket-reports")
public class TicketReportResource {

    public record Request(@NotNull TicketReport.Frequency frequency) {
    }

    private final TicketReports reports;
    private final Caller caller;

    TicketReportResource(TicketReports reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<TicketReports.ReportView> subscribe(@PathParam("accountId") UUID accountId,
            @Valid @NotNull Request request) {
        return reports.subscribe(accountId, request.frequency(), caller);
    }

    /** Stops the report (204 whether or not there was one). */
    @jakarta.ws.rs.DELETE
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<Void> unsubscribe(@PathParam("accountId") UUID accountId) {
        return reports.unsubscribe(accountId, caller);
    }
}
