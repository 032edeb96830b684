package dev.milotune.access;

import dev.milotune.config.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * API tokens: created with a secret shown once ({@code mt_} and 256 random bits), stored as the
 * SHA-256 of that secret (a secret of that entropy needs no slow hash), listed without it, revoked.
 * A token may expire ({@link #create(String, Role, Duration)}). Active tokens are kept in memory by
 * hash, so a request costs one hash and one map lookup.
 */
@ApplicationScoped
public class ApiTokens {

    /** A token as listed: never its secret or hash. {@code expiresAt} is null for a token that lasts until revoked. */
    public record Token(String id, String name, Role role, Instant createdAt, Instant revokedAt, Instant expiresAt) {
    }

    /** An active token in memory: who it stands for, and until when (null: until revoked). */
    private record Active(Caller caller, Instant expiresAt) {
        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /** A token just created, with its secret: the only time the secret is seen. */
    public record Created(Token token, String secret) {
    }

    public static final int MAX_NAME = 100;
    /** The longest life a token may be given. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    /** Resolved on use: a worker process has no database, and never asks. */
    private final Supplier<DataSource> database;
    private final Clock clock;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    @Inject
    ApiTokens(Instance<DataSource> database, Clock clock) {
        this(database::get, clock);
    }

    /** On a given database and clock (tests set the time). */
    ApiTokens(Supplier<DataSource> database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The caller a secret stands for, if it is an active token. */
    public Optional<Caller> verify(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        load();
        Active known = active.get(hash(secret));
        return known != null && known.validAt(clock.instant()) ? Optional.of(known.caller()) : Optional.empty();
    }

    /** A new token with a random secret, lasting until revoked. */
    public Created create(String name, Role role) {
        return create(name, role, null);
    }

    /** A new token with a random secret that expires after {@code lifetime} (null: lasts until revoked). */
    public Created create(String name, Role role, Duration lifetime) {
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0)) {
            throw new IllegalArgumentException("a token's lifetime must be positive and at most " + MAX_LIFETIME + ", not " + lifetime);
        }
        String secret = "mt_" + Secrets.randomText();
        return new Created(insert(name, role, secret, lifetime == null ? null : clock.instant().plus(lifetime)), secret);
    }

    /** A token whose secret is given (a configured admin token); the existing one when it is known already. */
    public Token ensure(String name, Role role, String secret) {
        load();
        Active known = active.get(hash(secret));
        if (known != null) {
            return list().stream().filter(t -> t.id().equals(known.caller().tokenId())).findFirst().orElseThrow();
        }
        return insert(name, role, secret, null);
    }

    public List<Token> list() {
        List<Token> tokens = new ArrayList<>();
        try (Connection c = database.get().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, name, role, created_at, revoked_at, expires_at FROM api_tokens ORDER BY created_at");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                tokens.add(new Token(r.getString(1), r.getString(2), Role.byId(r.getString(3)).orElse(Role.VIEWER),
                        r.getTimestamp(4).toInstant(), instant(r.getTimestamp(5)), instant(r.getTimestamp(6))));
            }
            return tokens;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list API tokens: " + e.getMessage(), e);
        }
    }

    /** Revokes a token; false when there is no active token with that id. */
    public boolean revoke(String id) {
        try (Connection c = database.get().getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, id);
            boolean revoked = s.executeUpdate() == 1;
            active.values().removeIf(token -> token.caller().tokenId().equals(id));
            return revoked;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke API token " + id + ": " + e.getMessage(), e);
        }
    }

    /** Whether an active admin token exists. */
    public boolean hasAdmin() {
        load();
        Instant now = clock.instant();
        return active.values().stream().anyMatch(token -> token.caller().isAdmin() && token.validAt(now));
    }

    private Token insert(String name, Role role, String secret, Instant expiresAt) {
        Token token = new Token(UUID.randomUUID().toString(), name, role, clock.instant(), null, expiresAt);
        try (Connection c = database.get().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO api_tokens (id, name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, token.id());
            s.setString(2, name);
            s.setString(3, role.id());
            s.setString(4, hash(secret));
            s.setTimestamp(5, Timestamp.from(token.createdAt()));
            s.setTimestamp(6, expiresAt == null ? null : Timestamp.from(expiresAt));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store API token " + name + ": " + e.getMessage(), e);
        }
        load();
        active.put(hash(secret), new Active(new Caller(token.id(), name, role), expiresAt));
        return token;
    }

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try (Connection c = database.get().getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT id, name, role, token_hash, expires_at FROM api_tokens WHERE revoked_at IS NULL");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    active.put(r.getString(4), new Active(new Caller(r.getString(1), r.getString(2), Role.byId(r.getString(3)).orElse(Role.VIEWER)),
                            instant(r.getTimestamp(5))));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read API tokens: " + e.getMessage(), e);
            }
            loaded = true;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
