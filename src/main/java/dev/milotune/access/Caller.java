package dev.milotune.access;

/**
 * Who makes a request: an API token (its id, its name) or an OIDC user (an id derived from its
 * issuer and subject, its name), with a role.
 */
public record Caller(String tokenId, String name, Role role) {

    /** Names are shown and stored (a study's owner); longer ones are cut. */
    public static final int MAX_NAME = 100;

    /**
     * An OIDC user: the id is {@code oidc-} and 31 hex digits of the SHA-256 of issuer and subject
     * (36 characters, as a token id: stable across logins, distinct across issuers).
     */
    public static Caller ofOidc(String issuer, String subject, String name, Role role) {
        String id = "oidc-" + ApiTokens.hash(issuer + "\n" + subject).substring(0, 31);
        String shown = name == null || name.isBlank() ? subject : name;
        return new Caller(id, shown.length() > MAX_NAME ? shown.substring(0, MAX_NAME) : shown, role);
    }

    /** Every request when checks are turned off ({@code milotune.auth.enabled=false}). */
    public static final Caller UNCHECKED = new Caller("unchecked", "unchecked", Role.ADMIN);

    /** How messages name the caller: {@code token NAME} or {@code OIDC user NAME}. */
    public String label() {
        return (tokenId.startsWith("oidc-") ? "OIDC user " : "token ") + name;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
