package io.streamtrain.e2e;

import io.streamtrain.core.testing.PassThroughInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A fault hook for a service in a child JVM, installed with {@code kafka.interceptor.classes}: the
 * {@value #AFTER_PROPERTY}-th record the service sends to the topic named by the system property
 * {@value #TOPIC_PROPERTY} blocks its sending thread for good, after writing the file named by {@value #MARKER_PROPERTY}.
 * A transaction is then open with part of its records sent, and the test kills the process there.
 *
 * <p>{@code kafka.*} settings reach every client of a service, consumers too, which it lets pass unchanged.
 */
public final class HangingInterceptor extends PassThroughInterceptor {

    static final String TOPIC_PROPERTY = "streamtrain.fault.topic";
    static final String AFTER_PROPERTY = "streamtrain.fault.after";
    static final String MARKER_PROPERTY = "streamtrain.fault.marker";

    /** Never counted down: a thread that awaits it stays blocked until the test kills the process. */
    private static final CountDownLatch NEVER_RELEASED = new CountDownLatch(1);

    /** Counted per JVM: a service may create several producers. */
    private static final AtomicInteger SENT = new AtomicInteger();

    private String topic;
    private int after;
    private Path marker;

    @Override
    public void configure(Map<String, ?> configs) {
        topic = System.getProperty(TOPIC_PROPERTY);
        after = Integer.parseInt(System.getProperty(AFTER_PROPERTY, "1"));
        marker = Path.of(System.getProperty(MARKER_PROPERTY));
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.topic().equals(topic) && SENT.incrementAndGet() == after) {
            hang(marker, "sending record " + after + " to " + topic);
        }
        return record;
    }

    /** Writes {@code marker} and blocks the calling thread until the process is killed. */
    static void hang(Path marker, String where) {
        try {
            Files.writeString(marker, where);
            NEVER_RELEASED.await();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            // Only a graceful stop interrupts; the fault is meant to end in a kill, so stay stuck.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fault hook interrupted at " + where, e);
        }
    }
}
