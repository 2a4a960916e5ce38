package org.supportdesk.ticket.sessions;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** Stops a running session for good (R-T7); the session's own path, as clients hold its id. */
@Path("/api/v1/sessions/{sessionId}/stop")
public class SessionStopResource {

    private final SessionService sessions;
    private final Caller caller;

    SessionStopResource(SessionService sessions, Caller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<SessionService.SessionView> stop(@PathParam("sessionId") UUID sessionId,
            @Valid SessionRequests.Stop request) {
        return sessions.stop(sessionId, request == null ? new SessionRequests.Stop(null, null) : request, caller);
    }
}
