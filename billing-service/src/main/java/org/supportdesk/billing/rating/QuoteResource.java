package org.supportdesk.billing.rating;

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

/** Prices a hypothetical session for an account without recording it ("this call so far costs …"). */
@Path("/api/v1/accounts/{accountId}/quote")
public class QuoteResource {

    private final RatingService rating;
    private final Caller caller;

    QuoteResource(RatingService rating, Caller caller) {
        this.rating = rating;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<RatingService.Quote> quote(@PathParam("accountId") UUID accountId,
            @Valid @NotNull RatingService.QuoteRequest request) {
        return rating.quote(accountId, request, caller);
    }
}
