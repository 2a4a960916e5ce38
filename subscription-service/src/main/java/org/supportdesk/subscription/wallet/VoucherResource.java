package org.supportdesk.subscription.wallet;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** Wallet sources (R-B6): admins issue vouchers. */
@Path("/api/v1/vouchers")
public class VoucherResource {

    private final VoucherService vouchers;
    private final Caller caller;

    VoucherResource(VoucherService vouchers, Caller caller) {
        this.vouchers = vouchers;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<VoucherService.VoucherView>> issue(@Valid @NotNull VoucherRequest request, UriInfo uri) {
        return vouchers.issue(request, caller).map(v -> Created.at(uri, v.code(), v));
    }

    @jakarta.ws.rs.GET
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<VoucherService.VoucherView> get(@jakarta.ws.rs.PathParam("code") String code) {
        return vouchers.find(code);
    }
}
