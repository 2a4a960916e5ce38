package org.supportdesk.subscription.subscription;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** An account's subscription: customers act on their own account, partners on their customers, admin/ops on all. */
@Path("/api/v1/accounts/{accountId}/subscription")
public class SubscriptionResource {

    private final SubscriptionService subscriptions;
    private final Caller caller;

    SubscriptionResource(SubscriptionService subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    /** Join a plan (at once) or change plan (from the start of a later day); 409 with possibleFrom under commitment. */
    @PUT
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<SubscriptionViews.ChangeResult> change(@PathParam("accountId") UUID accountId,
            @Valid @NotNull ChangeRequest request) {
        return subscriptions.request(accountId, request, caller);
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<SubscriptionViews.Current> current(@PathParam("accountId") UUID accountId) {
        return subscriptions.current(accountId, caller);
    }

    @GET
    @Path("/history")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<SubscriptionViews.History> history(@PathParam("accountId") UUID accountId) {
        return subscriptions.history(accountId, caller);
    }
}
