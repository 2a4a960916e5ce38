package org.supportdesk.platform.security;

/** The realm roles of the {@code supportdesk} Keycloak realm. */
public final class Roles {
    public static final String CUSTOMER = "customer";
    public static final String AGENT = "agent";
    public static final String SUPERVISOR = "supervisor";
    public static final String ADMIN = "admin";
    public static final String PARTNER = "partner";
    public static final String OPS = "ops";

    private Roles() {
    }
}
