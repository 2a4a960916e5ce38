package org.supportdesk.subscription.plan;

/** R-S1: the service tier; moving up is an upgrade, down a downgrade. */
public enum Tier {
    SILVER, GOLD, PLATINUM;

    public boolean isAbove(Tier other) {
        return ordinal() > other.ordinal();
    }
}
