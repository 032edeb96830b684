package dev.milotune.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.milotune.machine.StudyMachine;
import dev.milotune.orchestration.FactRepository;
import dev.milotune.orchestration.PlanRecord;
import dev.milotune.orchestration.PlanRepository;
import dev.milotune.orchestration.ReportRepository;
import dev.milotune.scheduling.Fact;
import dev.milotune.scheduling.Rung;
import dev.milotune.orchestration.StaleStateException;
import dev.milotune.orchestration.StudyRepository;
import dev.milotune.orchestration.TrialRepository;
import dev.milotune.space.Configuration;
import dev.milotune.study.Study;
import dev.milotune.study.StudyPhase;
import dev.milotune.study.StudyState;
import dev.milotune.study.Trial;
import dev.milotune.study.TrialReport;
import dev.milotune.study.TrialState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The storage contract of the orchestrator's ports. Subclasses run it against each database kind:
 * the same assertions must hold on H2 and on PostgreSQL.
 */
abstract class RepositoryContract {

    // Databases keep microseconds; compare at that precision.
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Inject
    StudyRepository studies;
    @Inject
    TrialRepository trials;
    @Inject
    ReportRepository reports;
    @Inject
    FactRepository facts;
    @Inject
    PlanRepository plans;
    @Inject
    EntityManager em;

    static String id() {
        return UUID.randomUUID().toString();
    }

    Study newStudy() {
        Study study = Study.create(id(), "contract", "{\"name\":\"contract\",\"maxTrials\":3}", 42L, T0);
        QuarkusTransaction.requiringNew().run(() -> studies.create(study));
        return study;
    }

    @Test
    void aStudyReadsBackAsItWasWrittenAndUpdates() {
        Study study = newStudy();

        assertThat(studies.find(study.id())).contains(study);
        assertThat(studies.list()).extracting(Study::id).contains(study.id());

        Study running = study.withState(StudyState.RUNNING, T0.plusSeconds(1)).withBest("t-1", 0.875, T0.plusSeconds(2))
                .inPhase(StudyPhase.RETRAINING, T0.plusSeconds(2));
        QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PENDING, running));
        Study read = studies.find(study.id()).orElseThrow();
        assertThat(read.state()).isEqualTo(StudyState.RUNNING);
        assertThat(read.phase()).isEqualTo(StudyPhase.RETRAINING);
        assertThat(read.bestValue()).contains(0.875);
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(read).isEqualTo(running);
    }

    @Test
    void anUnknownStudyIsEmptyAndCannotBeSaved() {
        assertThat(studies.find(id())).isEmpty();
        Study ghost = Study.create(id(), "ghost", "{}", 1L, T0);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PENDING, ghost)))
                .hasMessageContaining(ghost.id());
    }

    @Test
    void aStaleStudyNeverOverwritesACancel() {
        Study study = newStudy();
        Study planning = study.withState(StudyState.PLANNING, T0.plusSeconds(1));
        QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PENDING, planning));
        Study cancelled = planning.withState(StudyState.CANCELLED, T0.plusSeconds(2));
        QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PLANNING, cancelled));

        // A launch that read the study while it was planning tries to store it as running.
        Study stale = planning.withState(StudyState.RUNNING, T0.plusSeconds(3));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> studies.save(StudyState.PLANNING, stale)))
                .isInstanceOf(StaleStateException.class).hasMessageContaining("is CANCELLED, not PLANNING");
        assertThat(studies.find(study.id()).orElseThrow().state()).isEqualTo(StudyState.CANCELLED);
    }

    @Test
    void aFinishedTrialIsNeverOverwritten() {
        Study study = newStudy();
        Trial trial = Trial.create(id(), study.id(), 0, Trial.Purpose.SEARCH, Configuration.empty(), 1L, 0, T0);
        QuarkusTransaction.requiringNew().run(() -> trials.create(trial));
        Trial queued = trial.dispatched(new Trial.Segment(0, 0, 1, T0.plusSeconds(60)), 0, T0);
        QuarkusTransaction.requiringNew().run(() -> trials.save(TrialState.PENDING, queued));
        Trial cancelled = queued.ended(TrialState.CANCELLED, T0.plusSeconds(1));
        QuarkusTransaction.requiringNew().run(() -> trials.save(TrialState.QUEUED, cancelled));

        Trial running = queued.started(T0.plusSeconds(120), T0.plusSeconds(2));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> trials.save(TrialState.QUEUED, running)))
                .isInstanceOf(StaleStateException.class);
        // Even one that names the final state cannot change it.
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> trials.save(TrialState.CANCELLED, running)))
                .isInstanceOf(StaleStateException.class);
        // A change that keeps it (time spent by a late report) is stored.
        QuarkusTransaction.requiringNew().run(() -> trials.save(TrialState.CANCELLED, cancelled.withSpentSeconds(2.5, T0.plusSeconds(3))));
        Trial read = trials.find(trial.id()).orElseThrow();
        assertThat(read.state()).isEqualTo(TrialState.CANCELLED);
        assertThat(read.trainingSeconds()).isEqualTo(2.5);
    }

    @Test
    void trialsKeepTheirConfigurationTypesAndOrder() {
        Study study = newStudy();
        Configuration config = new Configuration(Map.of("lr", 0.003, "hidden", 128L, "optimizer", "adam", "nesterov", true));
        for (int n = 2; n >= 0; n--) {
            Trial trial = Trial.create(id(), study.id(), n, Trial.Purpose.SEARCH, config, 1000L + n, 0, T0);
            QuarkusTransaction.requiringNew().run(() -> trials.create(trial));
        }

        var stored = trials.forStudy(study.id());
        assertThat(stored).extracting(Trial::number).containsExactly(0, 1, 2);
        assertThat(stored.get(0).configuration()).isEqualTo(config);
        assertThat(stored.get(0).configuration().values().get("hidden")).isInstanceOf(Long.class);
        assertThat(stored.get(0).configuration().values().get("lr")).isInstanceOf(Double.class);

        Trial first = stored.get(0);
        TrialReport epoch0 = report(first.id(), 0, 0, 0.81);
        Trial trained = first.withState(TrialState.QUEUED, T0).withState(TrialState.RUNNING, T0)
                .withEpoch(epoch0, dev.milotune.study.Direction.MAXIMIZE, T0.plusSeconds(5));
        QuarkusTransaction.requiringNew().run(() -> trials.save(TrialState.PENDING, trained));
        Trial read = trials.find(first.id()).orElseThrow();
        assertThat(read).isEqualTo(trained);
        assertThat(read.epochsDone()).isEqualTo(1);
        assertThat(read.bestValue()).contains(0.81);
        assertThat(read.device()).contains("cpu");
    }

    @Test
    void aTrialNumberIsUniqueWithinItsStudy() {
        Study study = newStudy();
        QuarkusTransaction.requiringNew().run(() -> trials.create(Trial.create(id(), study.id(), 0, Trial.Purpose.SEARCH, Configuration.empty(), 1L, 0, T0)));

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(
                () -> trials.create(Trial.create(id(), study.id(), 0, Trial.Purpose.SEARCH, Configuration.empty(), 2L, 0, T0))))
                .isInstanceOf(RuntimeException.class);
        assertThat(trials.forStudy(study.id())).hasSize(1);
    }

    @Test
    void aReportIsStoredOnceAndItsKeyReadsBackForItsStudy() {
        Study study = newStudy();
        Trial trial = Trial.create(id(), study.id(), 0, Trial.Purpose.SEARCH, Configuration.empty(), 1L, 0, T0);
        QuarkusTransaction.requiringNew().run(() -> trials.create(trial));

        QuarkusTransaction.requiringNew().run(() -> reports.insert(report(trial.id(), 0, 0, 0.5)));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> reports.insert(report(trial.id(), 0, 0, 0.9))))
                .isInstanceOf(RuntimeException.class);
        QuarkusTransaction.requiringNew().run(() -> reports.insert(report(trial.id(), 0, 1, 0.6)));
        QuarkusTransaction.requiringNew().run(() -> reports.insert(report(trial.id(), 1, 0, 0.55)));

        assertThat(reports.forTrial(trial.id()))
                .extracting(r -> r.attempt() + "/" + r.epoch() + "=" + r.objective())
                .containsExactly("0/0=0.5", "0/1=0.6", "1/0=0.55");
        assertThat(reports.keysForStudy(study.id())).containsExactlyInAnyOrder(new StudyMachine.ReportKey(trial.id(), 0, 0),
                new StudyMachine.ReportKey(trial.id(), 0, 1), new StudyMachine.ReportKey(trial.id(), 1, 0));
        assertThat(reports.keysForStudy(newStudy().id())).isEmpty();
    }

    @Test
    void theSchemaRejectsADuplicateReportKeyEvenWithoutTheLookup() {
        Study study = newStudy();
        Trial trial = Trial.create(id(), study.id(), 0, Trial.Purpose.SEARCH, Configuration.empty(), 1L, 0, T0);
        QuarkusTransaction.requiringNew().run(() -> trials.create(trial));
        String insert = "insert into trial_reports (trial_id, attempt, epoch, train_loss, validation_loss, "
                + "validation_accuracy, objective, epoch_seconds, items_seen, device, worker_id, reported_at) "
                + "values (?1, 0, 0, 1, 1, 0.5, 0.5, 1, 10, 'cpu', 'w', ?2)";
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery(insert).setParameter(1, trial.id()).setParameter(2, T0).executeUpdate());

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery(insert).setParameter(1, trial.id()).setParameter(2, T0).executeUpdate()))
                .isInstanceOf(RuntimeException.class);
        assertThat(reports.forTrial(trial.id())).hasSize(1);
    }

    @Test
    void schedulerFactsReadBackInOrderAndASequenceNumberIsUsedOnce() {
        Study study = newStudy();
        List<Fact> written = List.of(new Fact.Started(0, 1, new Rung(0, 1)), new Fact.Reported(0, new Rung(0, 1), 0.75),
                new Fact.Promoted(0, new Rung(1, 3)), new Fact.Started(1, 0, new Rung(0, 1)), new Fact.Failed(1, new Rung(0, 1)));
        QuarkusTransaction.requiringNew().run(() -> facts.append(study.id(), 0, written.subList(0, 3)));
        QuarkusTransaction.requiringNew().run(() -> facts.append(study.id(), 3, written.subList(3, 5)));

        assertThat(facts.forStudy(study.id())).isEqualTo(written);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(
                () -> facts.append(study.id(), 4, List.of(new Fact.Started(2, 0, new Rung(0, 1))))))
                .isInstanceOf(RuntimeException.class);
        assertThat(facts.forStudy(study.id())).hasSize(5);
    }

    @Test
    void aPlanIsStoredOnceAndReadsBack() {
        String id = UUID.randomUUID().toString().replace("-", "") + "0000000000000000000000000000";
        PlanRecord plan = new PlanRecord(id, "fixture", "hash", "pixel-pca@1", 0.1, 1234, "/plans/" + id + ".plan", 3.5,
                "{\"timingsMillis\":{}}", T0);
        QuarkusTransaction.requiringNew().run(() -> plans.saveIfAbsent(plan));
        QuarkusTransaction.requiringNew().run(() -> plans.saveIfAbsent(new PlanRecord(id, "other", "x", "y", 0.5, 1, "z", 9, "{}", T0)));

        assertThat(plans.find(id)).contains(plan);
        assertThat(plans.list()).extracting(PlanRecord::id).contains(id);
    }

    static TrialReport report(String trialId, int attempt, int epoch, double objective) {
        return new TrialReport(trialId, attempt, epoch, 0.7, 0.6, objective, objective, 1.25, 540L, "cpu", "worker-1", T0,
                java.util.Map.of("f1", objective / 2, "train_loss", 0.7));
    }
}
