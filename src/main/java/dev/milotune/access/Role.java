package dev.milotune.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do: read (viewer), also submit and cancel its own (member), everything (admin). */
public enum Role {
    VIEWER,
    MEMBER,
    ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /**
     * The highest role that an OIDC user's groups grant, given the group name of each role; empty
     * when it is in none of them.
     */
    public static Optional<Role> ofGroups(java.util.Set<String> groups, String adminGroup, String memberGroup, String viewerGroup) {
        return groups.contains(adminGroup) ? Optional.of(ADMIN)
                : groups.contains(memberGroup) ? Optional.of(MEMBER)
                : groups.contains(viewerGroup) ? Optional.of(VIEWER) : Optional.empty();
    }

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
