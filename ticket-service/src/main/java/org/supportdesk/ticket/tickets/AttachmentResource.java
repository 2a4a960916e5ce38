package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-T1: attachment metadata of a ticket (the file is stored elsewhere: storageRef names it). */
@Path("/api/v1/tickets/{ticketId}/attachments")
public class AttachmentResource {

    /** At most 25 MB, the usual mail limit customers already know. */
    public record NewAttachment(
            @NotBlank @Size(max = 255) @Pattern(regexp = "[^/\\\\]+", message = "must be a file name, not a path") String fileName,
            @NotBlank @Size(max = 100) @Pattern(regexp = "[a-z]+/[A-Za-z0-9.+-]+", message = "must be a media type such as image/png") String contentType,
            @NotNull @Positive @Max(26_214_400) Long sizeBytes,
            @NotBlank @Size(max = 1000) @Pattern(regexp = "(https|s3)://\\S+", message = "must be an https:// or s3:// reference") String storageRef) {
    }

    public record AttachmentView(UUID id, String fileName, String contentType, long sizeBytes, String storageRef,
            String uploadedBy, Instant at) {
        static AttachmentView of(Attachment a) {
            return new AttachmentView(a.id, a.fileName, a.contentType, a.sizeBytes, a.storageRef, a.uploadedBy, a.at);
        }
    }

    private final TicketService tickets;
    private final TicketWorkflow workflow;
    private final Caller caller;
    private final Clock clock;

    AttachmentResource(TicketService tickets, TicketWorkflow workflow, Caller caller, Clock clock) {
        this.tickets = tickets;
        this.workflow = workflow;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @WithTransaction
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<RestResponse<AttachmentView>> attach(@PathParam("ticketId") UUID ticketId,
            @Valid @NotNull NewAttachment request) {
        // locked: the customer's attachment may be their reply (R-T4), a move of the ticket
        return tickets.visible(ticketId, caller, true).chain(ticket -> {
            Attachment a = new Attachment();
            a.id = TimeOrderedIds.next();
            a.ticketId = ticketId;
            a.fileName = request.fileName().strip();
            a.contentType = request.contentType();
            a.sizeBytes = request.sizeBytes();
            a.storageRef = request.storageRef();
            a.uploadedBy = caller.name();
            a.at = Instant.now(clock);
            return Panache.getSession().chain(s -> s.persist(a))
                    .chain(() -> workflow.customerReplied(ticket, caller, "R-T4: the customer replied with an attachment"))
                    .replaceWith(RestResponse.status(RestResponse.Status.CREATED, AttachmentView.of(a)));
        });
    }

    @GET
    @WithSession
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<List<AttachmentView>> list(@PathParam("ticketId") UUID ticketId) {
        return tickets.visible(ticketId, caller, false).chain(ticket -> Panache.getSession().chain(s -> s
                .createSelectionQuery("from Attachment where ticketId = :ticket order by at, id", Attachment.class)
                .setParameter("ticket", ticketId).getResultList()))
                .map(list -> list.stream().map(AttachmentView::of).toList());
    }
}
