package org.supportdesk.subscription.freeze;

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

/** R-S7: a freeze is initiated by the company only (ops, admin). */
@Path("/api/v1/accounts/{accountId}")
@RolesAllowed({ Roles.OPS, Roles.ADMIN })
public class FreezeResource {

    private final FreezeService freezes;
    private final Caller caller;

    FreezeResource(FreezeService freezes, Caller caller) {
        this.freezes = freezes;
        this.caller = caller;
    }

    @POST
    @Path("/freeze")
    public Uni<FreezeService.FreezeView> freeze(@PathParam("accountId") UUID accountId,
            @Valid @NotNull FreezeRequest request) {
        return freezes.freeze(accountId, request, caller);
    }

    @POST
    @Path("/unfreeze")
    public Uni<FreezeService.FreezeView> unfreeze(@PathParam("accountId") UUID accountId) {
        return freezes.unfreeze(accountId, caller);
    }
}
