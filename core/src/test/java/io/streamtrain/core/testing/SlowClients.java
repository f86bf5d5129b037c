package io.streamtrain.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raw loopback connections a test holds open against an HTTP server: silent ones, and ones that trickle bytes, never
 * idle and never done, as a slow or hostile client would. Closing it stops every trickle and closes every connection.
 */
public final class SlowClients implements AutoCloseable {

    private final Duration connectBound;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slow-clients");
        thread.setDaemon(true);
        return thread;
    });

    /** @param connectBound how long a connect may take before it fails */
    public SlowClients(Duration connectBound) {
        this.connectBound = Objects.requireNonNull(connectBound, "connectBound");
    }

    /** A connection to {@code port} on 127.0.0.1 that sends nothing until the test writes to it. */
    public Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) connectBound.toMillis());
        return socket;
    }

    /**
     * Writes {@code prefix} to {@code socket}, then one {@code filler} byte every {@code every}, paced by a scheduler,
     * until this is closed or the server cuts the connection off.
     */
    public void trickle(Socket socket, byte[] prefix, int filler, Duration every) {
        byte[] first = prefix.clone();
        AtomicBoolean started = new AtomicBoolean();
        pacer.scheduleAtFixedRate(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                if (started.compareAndSet(false, true)) {
                    out.write(first);
                }
                out.write(filler);
                out.flush();
            } catch (IOException e) {
                // The server cut the connection off: thrown, it ends this client's schedule.
                throw new UncheckedIOException(e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        IOException failed = null;
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw new UncheckedIOException("a slow client's connection did not close", failed);
        }
    }
}
