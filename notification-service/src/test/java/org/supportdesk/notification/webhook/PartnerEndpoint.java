package org.supportdesk.notification.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partner's real HTTP endpoint for tests: verifies every request's signature with the secret it
 * is given, records what it received, and can answer 500 for its first requests, be slow, redirect, or
 * answer with a long body or one trickled.
 */
final class PartnerEndpoint implements AutoCloseable {

    record Received(String deliveryId, String body, boolean signatureValid, String host) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();
    volatile long delayMillis;
    volatile String secret = "";
    /** When set, every request is answered 303 See Other to this URL. */
    volatile String redirectTo;
    /** When above zero, every request is answered 200 with a body of this many bytes. */
    volatile long answerBytes;
    /** When above zero, that body is written a byte at a time, this many milliseconds apart. */
    volatile long trickleMillis;
    /** Whether the caller closed the connection before the whole body was written. */
    final java.util.concurrent.atomic.AtomicBoolean answerCut = new java.util.concurrent.atomic.AtomicBoolean();
    /** How much of that body was written (into the connection) before it ended or was cut. */
    final java.util.concurrent.atomic.AtomicLong answerWritten = new java.util.concurrent.atomic.AtomicLong();
    private final HttpServer server;

    PartnerEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = WebhookSignature.verify(secret, id, timestamp, body, signature,
                    System.currentTimeMillis() / 1000, 300);
            received.add(new Received(id, body, valid, exchange.getRequestHeaders().getFirst("Host")));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (answerBytes > 0) {
                exchange.sendResponseHeaders(200, 0); // chunked
                byte[] chunk = new byte[trickleMillis > 0 ? 1 : 8192];
                try (java.io.OutputStream out = exchange.getResponseBody()) {
                    for (long sent = 0; sent < answerBytes; sent += chunk.length) {
                        out.write(chunk);
                        out.flush();
                        answerWritten.addAndGet(chunk.length);
                        Thread.sleep(trickleMillis);
                    }
                } catch (IOException e) {
                    answerCut.set(true); // the caller closed the connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            if (redirectTo != null) {
                byte[] see = ("See " + redirectTo).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Location", redirectTo);
                exchange.sendResponseHeaders(303, see.length);
                exchange.getResponseBody().write(see);
                exchange.close();
                return;
            }
            int status = failFirst.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/hooks";
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
