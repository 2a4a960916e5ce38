package org.supportdesk.billing.wallet;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

@Path("/api/v1/accounts/{accountId}/wallet")
public class WalletResource {

    private final WalletService service;
    private final Caller caller;

    WalletResource(WalletService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<WalletView> get(@PathParam("accountId") UUID accountId) {
        return service.find(accountId, caller);
    }

    /** R-B6: the append-only ledger, oldest first, a page at a time: every credit and debit with its source, reason and ticket. */
    @GET
    @jakarta.ws.rs.Path("/ledger")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<org.supportdesk.platform.rest.Page<WalletView.Entry>> ledger(@PathParam("accountId") UUID accountId,
            @jakarta.ws.rs.QueryParam("page") @jakarta.ws.rs.DefaultValue("0") @jakarta.validation.constraints.Min(0)
            @jakarta.validation.constraints.Max(org.supportdesk.platform.rest.Page.MAX_PAGE) int page,
            @jakarta.ws.rs.QueryParam("size") @jakarta.ws.rs.DefaultValue("20") @jakarta.validation.constraints.Min(1)
            @jakarta.validation.constraints.Max(org.supportdesk.platform.rest.Page.MAX_SIZE) int size) {
        return service.ledger(accountId, page, size, caller);
    }
}
