package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Created;
import org.supportdesk.platform.security.Caller;

/** A small resource of the platform's test application, exercising every shared mechanism of a write. */
@Path("/api/v1/widgets")
public class WidgetResource {

    public record NewWidget(@NotBlank @Size(max = 100) String name, @NotNull UUID accountId) {
    }

    public record WidgetView(UUID id, UUID accountId, String name) {
    }

    public record WidgetCreated(UUID widgetId, UUID accountId, String name) {
    }

    private final Outbox outbox;
    private final Caller caller;
    private final io.vertx.core.Vertx vertx;

    WidgetResource(Outbox outbox, Caller caller, io.vertx.core.Vertx vertx) {
        this.outbox = outbox;
        this.caller = caller;
        this.vertx = vertx;
    }

    @POST
    @RolesAllowed({ "admin", "customer" })
    @WithTransaction
    public Uni<RestResponse<WidgetView>> create(@Valid @NotNull NewWidget request, UriInfo uri) {
        return write(request).map(view -> Created.at(uri, view.id(), view));
    }

    private Uni<WidgetView> write(NewWidget request) {
        if (caller.is("customer") && !caller.accountId().equals(java.util.Optional.of(request.accountId()))) {
            throw ProblemException.notFound("Account", request.accountId());
        }
        Widget widget = new Widget();
        widget.id = UUID.randomUUID();
        widget.accountId = request.accountId();
        widget.name = request.name();
        if (request.name().equals("slow-commit")) {
            // the event appended, then the transaction held open 400 ms before it commits (OutboxRelayWakeTest)
            return outbox.append("org.supportdesk.test.widget-created.v1", widget.id.toString(),
                    widget.accountId.toString(), new WidgetCreated(widget.id, widget.accountId, widget.name))
                    .chain(() -> widget.<Widget>persist())
                    .call(() -> Uni.createFrom().<Long>emitter(held -> vertx.setTimer(400, held::complete)))
                    .map(w -> new WidgetView(w.id, w.accountId, w.name));
        }
        if (request.name().equals("explode-after-outbox")) {
            return outbox.append("org.supportdesk.test.widget-created.v1", widget.id.toString(),
                    widget.accountId.toString(), new WidgetCreated(widget.id, widget.accountId, widget.name))
                    .chain(() -> widget.persist())
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("boom")));
        }
        return widget.<Widget>persist()
                .call(() -> outbox.append("org.supportdesk.test.widget-created.v1", widget.id.toString(),
                        widget.accountId.toString(), new WidgetCreated(widget.id, widget.accountId, widget.name)))
                .map(w -> new WidgetView(w.id, w.accountId, w.name));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "admin", "customer" })
    @WithSession
    public Uni<WidgetView> get(@PathParam("id") UUID id) {
        return Widget.<Widget>findById(id)
                .map(w -> {
                    if (w == null || (caller.is("customer") && !caller.accountId().equals(java.util.Optional.of(w.accountId)))) {
                        throw ProblemException.notFound("Widget", id);
                    }
                    return new WidgetView(w.id, w.accountId, w.name);
                });
    }

    /** A list, for the query-parameter tests: typed parameters the client may get wrong. */
    @GET
    @RolesAllowed({ "admin", "customer" })
    @WithSession
    public Uni<Long> count(@jakarta.ws.rs.QueryParam("accountId") UUID accountId,
            @jakarta.ws.rs.QueryParam("page") @jakarta.ws.rs.DefaultValue("0") @jakarta.validation.constraints.Min(0)
            @jakarta.validation.constraints.Max(org.supportdesk.platform.rest.Page.MAX_PAGE) int page) {
        return accountId == null ? Widget.count() : Widget.count("accountId", accountId);
    }

    /** A blocking method (its filters and itself on a worker thread), for the Idempotency-Key tests. */
    @POST
    @Path("/echo")
    @RolesAllowed({ "admin", "customer" })
    public NewWidget echo(@Valid @NotNull NewWidget request) {
        return request;
    }

    /** A second write on another path, for the Idempotency-Key tests. */
    @POST
    @Path("/{id}/archive")
    @RolesAllowed({ "admin", "customer" })
    @WithSession
    public Uni<WidgetView> archive(@PathParam("id") UUID id) {
        return get(id);
    }
}
