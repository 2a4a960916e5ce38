package org.supportdesk.notification.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-N2: a partner's webhook endpoints and their delivery log; a partner manages its own, staff all. */
@Path("/api/v1/partners/{partnerId}/webhooks")
public class WebhookResource {

    private final WebhookService webhooks;
    private final Caller caller;

    WebhookResource(WebhookService webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    /** Answers the signing secret once; store it, it is never shown again. */
    @POST
    @RolesAllowed({ Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<RestResponse<WebhookService.WebhookView>> create(@PathParam("partnerId") UUID partnerId,
            @Valid @NotNull WebhookService.NewWebhook request) {
        return webhooks.create(partnerId, request, caller).map(w -> RestResponse.status(RestResponse.Status.CREATED, w));
    }

    @GET
    @RolesAllowed({ Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<List<WebhookService.WebhookView>> list(@PathParam("partnerId") UUID partnerId) {
        return webhooks.list(partnerId, caller);
    }

    @GET
    @Path("/deliveries")
    @RolesAllowed({ Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<Page<WebhookService.DeliveryView>> deliveries(@PathParam("partnerId") UUID partnerId,
            @QueryParam("status") @Pattern(regexp = "PENDING|SENDING|DELIVERED|DEAD", message = "must be PENDING, SENDING, DELIVERED or DEAD") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return webhooks.deliveries(partnerId, status == null ? null : WebhookDelivery.Status.valueOf(status), page, size,
                caller);
    }
}
