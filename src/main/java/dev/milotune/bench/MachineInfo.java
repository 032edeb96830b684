package dev.milotune.bench;

import java.lang.management.ManagementFactory;

/** The machine a bench ran on, recorded with its results. */
public record MachineInfo(int cores, long memoryBytes, String javaVersion, String javaVm, String os, String arch) {

    public static MachineInfo current() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d cores, %.1f GiB memory, Java %s (%s), %s %s", cores,
                memoryBytes / (1024.0 * 1024 * 1024), javaVersion, javaVm, os, arch);
    }
}
