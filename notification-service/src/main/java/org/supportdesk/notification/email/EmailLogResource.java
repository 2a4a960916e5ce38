package org.supportdesk.notification.email;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Roles;

/**
 * The mail log: every email written, its status and, while sent or failing, why (ops read it); by account,
 * by status (the backlog: {@code status=PENDING}), or both.
 */
@Path("/api/v1/emails")
public class EmailLogResource {

    public record EmailView(UUID id, UUID accountId, UUID eventId, String kind, String to, String language, String subject,
            String text, String status, int attempts, String lastError, Instant sentAt, Instant createdAt) {
        static EmailView of(EmailMessage m) {
            return new EmailView(m.id, m.accountId, m.eventId, m.kind, m.toAddress, m.language, m.subject, m.textBody,
                    m.status, m.attempts, m.lastError, m.sentAt, m.createdAt);
        }
    }

    @GET
    @WithSession
    @RolesAllowed({ Roles.OPS, Roles.ADMIN })
    public Uni<Page<EmailView>> list(
            @QueryParam("accountId") UUID accountId,
            @QueryParam("status") @Pattern(regexp = "PENDING|SENDING|SENT|FAILED", message = "must be PENDING, SENDING, SENT or FAILED") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        // the filters given, each a field of EmailMessage and its value, bound by the field's name
        java.util.Map<String, Object> filters = new java.util.LinkedHashMap<>();
        if (accountId != null) {
            filters.put("accountId", accountId);
        }
        if (status != null) {
            filters.put("status", status);
        }
        String where = filters.isEmpty() ? ""
                : " where " + String.join(" and ", filters.keySet().stream().map(f -> f + " = :" + f).toList());
        return Panache.getSession().chain(s -> {
            var items = s.createSelectionQuery("from EmailMessage" + where + " order by createdAt desc, id desc", EmailMessage.class)
                    .setFirstResult(page * size).setMaxResults(size);
            var total = s.createSelectionQuery("select count(*) from EmailMessage" + where, Long.class);
            filters.forEach((field, value) -> {
                items.setParameter(field, value);
                total.setParameter(field, value);
            });
            return items.getResultList().chain(rows -> total.getSingleResult()
                    .map(n -> new Page<>(rows.stream().map(EmailView::of).toList(), page, size, n)));
        });
    }
}
