/**
 * Who may do what over REST: API tokens (only their SHA-256 hash is stored, the secret is shown
 * once), the roles {@code admin}, {@code member} and {@code viewer}, the owner of each study, the
 * request filter that turns a bearer token into a {@link dev.milotune.access.Caller} (401 without
 * one, 403 for a role that may not), and the admin token created on first start. May import the
 * framework (Quarkus, JDBC); docs/security.md has the threat model and the role table.
 */
package dev.milotune.access;
