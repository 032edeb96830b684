package dev.milotune.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact (orchestrator, workers and the embedded broker in one process) killed with
 * SIGKILL at random points of one study, again and again, on the same data dir. After every restart
 * training must go on within 10 s; at the end the study is complete with no trial lost or reported
 * twice, the idle process spins no thread, and a graceful stop ends within 30 s.
 *
 * <p>The default suite kills it {@value #DEFAULT_KILLS} times; the soak run kills it 20 times:
 * {@code mvn -B verify -Dit.test=SoakIT -Dsoak.kills=20} (about 10 minutes on 2 cores).
 */
class SoakIT {

    static final int DEFAULT_KILLS = 3;

    /** A study long enough for every kill to land in the middle of it: 8 trials, and 4 more a kill. */
    static String spec(int kills) {
        return FaultToleranceIT.SPEC.replace("\"name\": \"fault-tolerance\"", "\"name\": \"soak\"")
                .replace("\"maxTrials\": 6", "\"maxTrials\": " + trials(kills));
    }

    static int trials(int kills) {
        return 8 + 4 * kills;
    }

    final Path work = Path.of("target", "soak-it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void killedAtRandomPointsTheStudyCompletesLosingNothing() throws Exception {
        int kills = Integer.getInteger("soak.kills", DEFAULT_KILLS);
        SplittableRandom random = new SplittableRandom(Long.getLong("soak.seed", 7));
        String studyId = null;
        List<Double> resumeSeconds = new ArrayList<>();
        for (int round = 0; round <= kills; round++) {
            LaunchedApp app = LaunchedApp.startWithFixtures(work, work.resolve("run-" + round + ".log"), FaultToleranceIT.FAST_RECOVERY);
            boolean last = round == kills;
            try {
                if (studyId == null) {
                    studyId = app.post("/api/v1/studies", spec(kills)).path("id").asText();
                } else if (!state(app, studyId).equals("COMPLETED")) {
                    // Training goes on: a new report within 10 s of the process listening.
                    long reports = reports(app, studyId);
                    long up = System.nanoTime();
                    String id = studyId;
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                            .until(() -> reports(app, id) > reports || state(app, id).equals("COMPLETED"));
                    resumeSeconds.add((System.nanoTime() - up) / 1e9);
                }
                if (!last) {
                    // A random point: between 1 and 6 s into this run, or earlier if the study ends first.
                    long until = System.nanoTime() + (long) (random.nextDouble(1, 6) * 1e9);
                    String id = studyId;
                    while (System.nanoTime() < until && !state(app, id).equals("COMPLETED")) {
                        Thread.sleep(100);
                    }
                    app.kill();
                    continue;
                }
                String id = studyId;
                await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> state(app, id).equals("COMPLETED"));
                StudyChecks.completeAndUnique(app.get("/api/v1/studies/" + studyId + "/trials"), trials(kills), 8,
                        FaultToleranceIT.RUNG_EPOCHS);

                // Idle now: the process (broker included) uses little CPU; a spinning thread would take a core.
                Thread.sleep(3000);
                double cpu = cpuSeconds(app.process.pid());
                Thread.sleep(5000);
                double busy = (cpuSeconds(app.process.pid()) - cpu) / 5.0;
                assertThat(busy).as("share of one core used while idle").isLessThan(0.25);
            } catch (Throwable t) {
                app.kill();
                throw t;
            }
            long stop = System.nanoTime();
            app.close();
            assertThat((System.nanoTime() - stop) / 1e9).as("seconds for a graceful stop").isLessThan(30);
        }
        assertThat(resumeSeconds).as("restarts that found the study still running").hasSize(kills);
        System.out.printf("soak: %d kills, training resumed after %s s%n", kills, resumeSeconds);
    }

    private static String state(LaunchedApp app, String studyId) throws Exception {
        return app.get("/api/v1/studies/" + studyId).path("state").asText();
    }

    private static long reports(LaunchedApp app, String studyId) throws Exception {
        long n = 0;
        for (JsonNode t : app.get("/api/v1/studies/" + studyId + "/trials")) {
            n += t.path("reports").size();
        }
        return n;
    }

    /** The process's user and system CPU time, from /proc (clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }
}
