package org.supportdesk.platform.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A client's write under an {@code Idempotency-Key}: claimed while it runs, then its first answer. */
@Entity
@Table(name = "idempotency_record")
@IdClass(IdempotencyRecord.Key.class)
public class IdempotencyRecord {

    @Id
    public String caller;
    @Id
    @Column(name = "idem_key")
    public String idemKey;
    public String method;
    public String path;
    /** SHA-256 of the request's query and body, hex. */
    @Column(name = "request_digest")
    public String requestDigest;
    public Integer status;
    @Column(name = "content_type")
    public String contentType;
    /** A 201's Location, replayed with it. */
    public String location;
    public String body;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;

    public record Key(String caller, String idemKey) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
