package org.supportdesk.subscription.closure;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-S8: the customer, its partner, admin or ops close an account, at the end of a day. */
@Path("/api/v1/accounts/{accountId}/closure")
public class ClosureResource {

    private final ClosureService closures;
    private final Caller caller;

    ClosureResource(ClosureService closures, Caller caller) {
        this.closures = closures;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<ClosureService.ClosureView> close(@PathParam("accountId") UUID accountId, @Valid ClosureRequest request) {
        return closures.request(accountId, request, caller);
    }
}
