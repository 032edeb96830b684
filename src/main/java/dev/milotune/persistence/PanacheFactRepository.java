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

    @Override
    public void append(String studyId, int firstSeq, List<Fact> facts) {
        int seq = firstSeq;
        for (Fact fact : facts) {
            FactEntity e = new FactEntity();
            e.studyId = studyId;
            e.seq = seq++;
            e.trialNumber = fact.trialNumber();
            Rung rung;
            if (fact instanceof Fact.Started started) {
                e.kind = "STARTED";
                e.bracket = started.bracket();
                rung = started.rung();
            } else if (fact instanceof Fact.Promoted promoted) {
                e.kind = "PROMOTED";
                rung = promoted.to();
            } else if (fact instanceof Fact.Reported reported) {
                e.kind = "REPORTED";
                e.score = reported.score();
                rung = reported.rung();
            } else {
                e.kind = "FAILED";
                rung = ((Fact.Failed) fact).rung();
            }
            e.rungIndex = rung.index();
            e.rungResource = rung.resource();
            e.persist();
        }
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
