package org.supportdesk.platform.inbox;

/** A message no retry can help: it goes to the dead-letter topic at once, with this reason. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(reason);
    }
}
