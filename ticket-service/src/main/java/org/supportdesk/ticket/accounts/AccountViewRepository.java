package org.supportdesk.ticket.accounts;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class AccountViewRepository implements PanacheRepositoryBase<AccountView, UUID> {
}
