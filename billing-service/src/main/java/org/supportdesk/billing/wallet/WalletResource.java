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
}
