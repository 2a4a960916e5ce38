package org.supportdesk.notification.preferences;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.supportdesk.notification.recipients.Recipient;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-N1: what an account wants to be told, and how; legally required messages are sent regardless. */
@Path("/api/v1/accounts/{accountId}/notification-preferences")
public class PreferenceResource {

    public record Preferences(
            @NotNull Boolean inApp,
            @NotNull Boolean email,
            @Size(max = 50) Set<@NotNull @Pattern(regexp = "[a-z-]{3,60}", message = "must be a notification kind such as ticket-status-changed") String> mutedKinds,
            @Pattern(regexp = "he|en", message = "must be he or en") String language) {
    }

    public record PreferencesView(UUID accountId, boolean inApp, boolean email, List<String> mutedKinds, String language,
            List<String> alwaysSent) {
    }

    private final Caller caller;
    private final Clock clock;

    PreferenceResource(Caller caller, Clock clock) {
        this.caller = caller;
        this.clock = clock;
    }

    @PUT
    @WithTransaction
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<PreferencesView> put(@PathParam("accountId") UUID accountId, @Valid @NotNull Preferences request) {
        return Panache.getSession().chain(s -> s.find(Recipient.class, accountId).chain(recipient -> {
            if (recipient == null || !caller.maySee(recipient.accountId, recipient.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            return s.find(Preference.class, accountId).chain(existing -> {
                Preference p = existing != null ? existing : new Preference();
                p.accountId = accountId;
                p.inApp = request.inApp();
                p.email = request.email();
                p.mutedKinds = request.mutedKinds() == null ? new String[0]
                        : request.mutedKinds().stream().sorted().toArray(String[]::new);
                p.language = request.language();
                p.updatedAt = Instant.now(clock);
                if (request.language() != null) {
                    recipient.language = request.language();
                }
                return (existing == null ? s.persist(p) : Uni.createFrom().voidItem())
                        .replaceWith(new PreferencesView(accountId, p.inApp, p.email, List.of(p.mutedKinds),
                                recipient.language, Preference.REQUIRED.stream().sorted().toList()));
            });
        }));
    }
}
