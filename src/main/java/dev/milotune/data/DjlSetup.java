package dev.milotune.data;

import java.nio.file.Path;

/**
 * Settings DJL reads once, when its Engine is first touched: offline (no model-zoo metadata
 * downloads), no usage tracking, and caches under the data directory. Every class of this package
 * that touches DJL calls {@link #configure} first. Values the user set explicitly are kept.
 */
public final class DjlSetup {

    private DjlSetup() {
    }

    public static synchronized void configure(DataDirectory dataDir) {
        Path cache = dataDir.djlCache();
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", cache.toString());
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("engines").toString());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
