package dev.milotune.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The two overlays of k8s/, each assembled once per test run. */
final class Overlays {

    static final String DEV = "k8s/overlays/dev";
    static final String GPU = "k8s/overlays/gpu";
    static final List<String> ALL = List.of(DEV, GPU);

    private static final Map<String, Manifests> BUILT = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static Manifests build(String overlay) {
        return BUILT.computeIfAbsent(overlay, Kustomize::build);
    }
}
