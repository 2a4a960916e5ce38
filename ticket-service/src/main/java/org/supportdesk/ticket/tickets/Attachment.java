package org.supportdesk.ticket.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** R-T1: an attachment's metadata; the file lives where {@code storageRef} points. */
@Entity
@Table(name = "ticket_attachment")
public class Attachment {
    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public long sizeBytes;
    @Column(name = "storage_ref")
    public String storageRef;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    public Instant at;
}
