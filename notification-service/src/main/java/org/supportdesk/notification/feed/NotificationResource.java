package org.supportdesk.notification.feed;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** The customer's in-app feed (R-N1). */
@Path("/api/v1/notifications")
@RolesAllowed(Roles.CUSTOMER)
public class NotificationResource {

    private final FeedService feed;
    private final FeedStream stream;
    private final Caller caller;

    NotificationResource(FeedService feed, FeedStream stream, Caller caller) {
        this.feed = feed;
        this.stream = stream;
        this.caller = caller;
    }

    /** The feed live, by Server-Sent Events: each new notification as it is written (R-N1). */
    @GET
    @Path("/stream")
    @jakarta.ws.rs.Produces(jakarta.ws.rs.core.MediaType.SERVER_SENT_EVENTS)
    @org.jboss.resteasy.reactive.RestStreamElementType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON)
    public io.smallrye.mutiny.Multi<NotificationView> stream() {
        return stream.of(account());
    }

    @GET
    public Uni<Page<NotificationView>> list(
            @QueryParam("unread") @DefaultValue("false") @Pattern(regexp = "true|false", message = "must be true or false") String unread,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return feed.feed(account(), Boolean.parseBoolean(unread), page, size);
    }

    @POST
    @Path("/{id}/read")
    public Uni<NotificationView> read(@PathParam("id") UUID id) {
        return feed.markRead(account(), id);
    }

    private UUID account() {
        return caller.accountId().orElseThrow(() -> new ProblemException(403, "forbidden", "Not allowed",
                "A customer token must carry account_id"));
    }
}
