package org.supportdesk.subscription.account;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

@Path("/api/v1/accounts")
public class AccountResource {

    private final AccountService service;
    private final Caller caller;

    AccountResource(AccountService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.OPS, Roles.PARTNER })
    public Uni<RestResponse<AccountView>> register(@Valid @NotNull NewAccount request, UriInfo uri) {
        return service.register(request, caller).map(account -> Created.at(uri, account.id, AccountView.of(account)));
    }

    @GET
    @RolesAllowed({ Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<Page<AccountView>> list(@QueryParam("partnerId") UUID partnerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return service.list(partnerId, page, size, caller);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<AccountView> get(@PathParam("id") UUID id) {
        return service.find(id, caller).map(AccountView::of);
    }
}
