package dev.milotune.persistence;

import dev.milotune.orchestration.FactRepository;
import dev.milotune.scheduling.Fact;
import dev.milotune.scheduling.Rung;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
@Transactional
class PanacheFactRepository implements FactRepository {

    private static final String INSERT = "INSERT INTO scheduler_facts (study_id, seq, kind, trial_number, bracket, rung_index, "
            + "rung_resource, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void append(String studyId, int firstSeq, List<Fact> facts) {
        List<Integer> seqs = java.util.stream.IntStream.range(firstSeq, firstSeq + facts.size()).boxed().toList();
        Jdbc.on(FactEntity.getEntityManager(), connection -> Jdbc.batch(connection, INSERT, seqs, (s, seq) -> {
            Fact fact = facts.get(seq - firstSeq);
            Rung rung;
            int bracket = 0;
            Double score = null;
            String kind;
            if (fact instanceof Fact.Started started) {
                kind = "STARTED";
                bracket = started.bracket();
                rung = started.rung();
            } else if (fact instanceof Fact.Promoted promoted) {
                kind = "PROMOTED";
                rung = promoted.to();
            } else if (fact instanceof Fact.Reported reported) {
                kind = "REPORTED";
                score = reported.score();
                rung = reported.rung();
            } else {
                kind = "FAILED";
                rung = ((Fact.Failed) fact).rung();
            }
            s.setString(1, studyId);
            s.setInt(2, seq);
            s.setString(3, kind);
            s.setInt(4, fact.trialNumber());
            s.setInt(5, bracket);
            s.setInt(6, rung.index());
            s.setInt(7, rung.resource());
            Jdbc.number(s, 8, score);
        }));
    }

    @Override
    public List<Fact> forStudy(String studyId) {
        return FactEntity.<FactEntity>list("studyId", Sort.ascending("seq"), studyId).stream().map(e -> {
            Rung rung = new Rung(e.rungIndex, e.rungResource);
            return switch (e.kind) {
                case "STARTED" -> (Fact) new Fact.Started(e.trialNumber, e.bracket, rung);
                case "PROMOTED" -> new Fact.Promoted(e.trialNumber, rung);
                case "REPORTED" -> new Fact.Reported(e.trialNumber, rung, e.score);
                case "FAILED" -> new Fact.Failed(e.trialNumber, rung);
                default -> throw new IllegalStateException("unknown scheduler fact kind " + e.kind + " in study " + studyId);
            };
        }).toList();
    }
}
