package org.supportdesk.notification.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-N2: sends a delivery again (after it was dead-lettered, or when the partner lost it). */
@Path("/api/v1/webhook-deliveries/{id}/replay")
public class DeliveryReplayResource {

    private final WebhookService webhooks;
    private final Caller caller;

    DeliveryReplayResource(WebhookService webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<WebhookService.DeliveryView> replay(@PathParam("id") UUID id) {
        return webhooks.replay(id, caller);
    }
}
