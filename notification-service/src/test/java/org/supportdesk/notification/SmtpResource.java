package org.supportdesk.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP server in the test JVM (GreenMail): the service's mail arrives there. Beside it, a relay
 * that has stopped answering: a socket that takes connections (the kernel completes them) and never
 * says a word ({@code test.smtp.stalled-port}, for {@code StalledRelayTest}). The mailer's port is set
 * from {@code test.smtp.port} in the tests' application.properties, so a test profile can point it
 * elsewhere (a test resource's own settings would win over the profile's).
 */
public class SmtpResource implements QuarkusTestResourceLifecycleManager {

    public static GreenMail smtp;
    private ServerSocket stalled;

    @Override
    public Map<String, String> start() {
        smtp = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try {
            stalled = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1")); // the mailer's host
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.mailer.host", "127.0.0.1", "test.smtp.port", String.valueOf(smtp.getSmtp().getPort()),
                "test.smtp.stalled-port", String.valueOf(stalled.getLocalPort()), "quarkus.mailer.mock", "false");
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        try {
            if (stalled != null) {
                stalled.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
