package io.streamtrain.scorer.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads the JSON bodies of requests within the REST API's bounds: the media type, the size
 * ({@link HttpSettings#maxBodyBytes()}) and the time ({@link HttpSettings.ClientLimits#bodyTimeout()}). A body that
 * trickles in so slowly that it is not complete in time has its connection closed: the idle timeout alone would let a
 * client that sends one byte every few seconds hold a request for ever.
 */
final class RequestBodies {

    /** What the error for a wrong media type names. */
    static final String ACCEPTED_TYPES = "application/json (or any application/*+json)";

    private final int maxBytes;
    private final Duration timeout;
    private final ScheduledExecutorService deadlines;

    RequestBodies(HttpSettings settings, ScheduledExecutorService deadlines) {
        this.maxBytes = settings.maxBodyBytes();
        this.timeout = settings.clients().bodyTimeout();
        this.deadlines = deadlines;
    }

    /**
     * The body of {@code ctx}, refused before it is read when its media type is not JSON or its declared length is too
     * large, and while it is read when it turns out too large or too slow.
     *
     * @throws ApiException 415 for a media type other than JSON, 400 for a body too large or unreadable, 408 (on a
     *                      closed connection) for one not received within the body timeout
     */
    byte[] read(Context ctx) {
        requireJson(ctx.contentType());
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared + " bytes");
        }
        AtomicBoolean expired = new AtomicBoolean();
        EndPoint connection = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            connection.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            if (expired.get()) {
                throw ApiException.timedOut("the request body did not arrive within " + timeout.toMillis()
                        + " ms (scorer.http.body.timeout.ms); the connection is closed");
            }
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        } finally {
            deadline.cancel(false);
        }
        if (body.length > maxBytes) {
            throw tooLarge("more than " + maxBytes + " bytes");
        }
        return body;
    }

    /**
     * Refuses a body declared as anything but JSON. A body without a {@code Content-Type} is read as JSON, as many
     * clients send none.
     */
    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw ApiException.unsupportedMediaType("a body of Content-Type " + type + " is not read here; send "
                    + ACCEPTED_TYPES);
        }
    }

    private ApiException tooLarge(String size) {
        return ApiException.badRequest("the request body of " + size + " is larger than the " + maxBytes
                + " bytes accepted (scorer.http.max.body.bytes); split the records over several requests");
    }
}
