package org.supportdesk.subscription.partner;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.subscription.account.AccountService;
import org.supportdesk.subscription.account.AccountView;

/** Partners (R-P2): admins register them; a partner sees itself and its customers. */
@Path("/api/v1/partners")
public class PartnerResource {

    /** R-B9: the customers' new discount percentage; 0 ends it. */
    public record DiscountRequest(
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal discountPercent) {
    }

    private final PartnerService partners;
    private final AccountService accounts;
    private final Caller caller;

    PartnerResource(PartnerService partners, AccountService accounts, Caller caller) {
        this.partners = partners;
        this.accounts = accounts;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<RestResponse<PartnerView>> register(@Valid @NotNull PartnerRequest request, UriInfo uri) {
        return partners.register(request).map(partner -> Created.at(uri, partner.id, PartnerView.of(partner)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<PartnerView> get(@PathParam("id") UUID id) {
        return partners.find(id, caller).map(PartnerView::of);
    }

    @PUT
    @Path("/{id}/discount")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PartnerView> changeDiscount(@PathParam("id") UUID id, @Valid @NotNull DiscountRequest request) {
        return partners.changeDiscount(id, request.discountPercent()).map(PartnerView::of);
    }

    @GET
    @Path("/{id}/customers")
    @RolesAllowed({ Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<Page<AccountView>> customers(@PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return partners.find(id, caller).chain(partner -> accounts.list(partner.id, page, size, caller));
    }
}
