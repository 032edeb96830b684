package dev.milotune.messaging;

import dev.milotune.config.MilotuneConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What the embedded broker's {@code worker} principal may do, and nothing more: read tasks (of
 * every worker pool: the prefix {@code milotune.trials.} also admits the tasks' dead-letter topic,
 * which holds nothing a worker could not read before), plans and cancels (in the pools' groups and
 * its own cancel groups), write reports and the dead
 * letters of what it cannot read. The {@code orchestrator} is a super user. Everyone else is
 * refused (no ACL, no access).
 */
final class KafkaAcls {

    private KafkaAcls() {
    }

    static List<AclBinding> forWorkers(MilotuneConfig.Topics t) {
        String worker = "User:" + KafkaPrincipals.WORKER;
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(t.trialsName(), t.plansName(), t.controlName())) {
            allow(acls, ResourceType.TOPIC, topic, PatternType.LITERAL, worker, AclOperation.READ, AclOperation.DESCRIBE);
        }
        for (String topic : List.of(t.reportsName(), t.trialsName() + t.deadLetterSuffix(), t.controlName() + t.deadLetterSuffix())) {
            allow(acls, ResourceType.TOPIC, topic, PatternType.LITERAL, worker, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        // Every worker pool's tasks topic and consumer group (milotune.trials.<pool>, milotune-workers.<pool>).
        allow(acls, ResourceType.TOPIC, t.trialsName() + ".", PatternType.PREFIXED, worker, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, ResourceType.GROUP, "milotune-workers", PatternType.PREFIXED, worker, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, ResourceType.GROUP, "milotune-control-", PatternType.PREFIXED, worker, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, worker, AclOperation.IDEMPOTENT_WRITE);
        return acls;
    }

    private static void allow(List<AclBinding> acls, ResourceType type, String name, PatternType pattern, String principal,
            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
