package org.supportdesk.platform.rest;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

/** 201 Created with the new resource's {@code Location} (the request path plus its id) and its representation. */
public final class Created {

    private Created() {
    }

    public static <T> RestResponse<T> at(UriInfo uri, Object id, T entity) {
        return RestResponse.ResponseBuilder.<T>created(uri.getAbsolutePathBuilder().path(id.toString()).build())
                .entity(entity).build();
    }
}
