package dev.milotune.access;

/** The token behind a request: its id, its name and its role. */
public record Caller(String tokenId, String name, Role role) {

    /** Every request when checks are turned off ({@code milotune.auth.enabled=false}). */
    public static final Caller UNCHECKED = new Caller("unchecked", "unchecked", Role.ADMIN);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
