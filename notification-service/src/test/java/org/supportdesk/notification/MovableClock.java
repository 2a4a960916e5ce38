package org.supportdesk.notification;

import jakarta.inject.Singleton;
import org.supportdesk.platform.testing.TestClock;

/** The platform's movable test clock as this service's clock bean (inject it as {@link TestClock}). */
@Singleton
public class MovableClock extends TestClock {
}
