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

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
