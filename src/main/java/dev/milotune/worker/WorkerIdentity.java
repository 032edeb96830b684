package dev.milotune.worker;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/**
 * Who this worker process is: host name (the pod name on Kubernetes) and process id, stable for
 * the life of the process.
 */
@ApplicationScoped
public class WorkerIdentity {

    private final String host = hostName();
    private final String id = host + "/" + ProcessHandle.current().pid();
    private final Instant startedAt = Instant.now();

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public Instant startedAt() {
        return startedAt;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
