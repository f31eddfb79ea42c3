package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"zoneboard"
)

const userColumns = `u.name, u.display_name, u.role, u.scope, u.disabled, u.created_at, u.updated_at, u.last_login_at`

func scanUser(scan func(...any) error, extra ...any) (zoneboard.User, error) {
	var u zoneboard.User
	var scope string
	var lastLogin sql.NullTime
	err := scan(append([]any{&u.Name, &u.DisplayName, &u.Role, &scope, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &lastLogin}, extra...)...)
	if err != nil {
		return u, err
	}
	u.Scope = []string{}
	if scope != "" {
		u.Scope = strings.Split(scope, ",")
	}
	if lastLogin.Valid {
		t := lastLogin.Time
		u.LastLoginAt = &t
	}
	return u, nil
}

// CountUsers says how many users exist; a new database has none, and only then may the first
// admin be set up through a one-time link.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count users: %w", err)
	}
	return n, nil
}

// FindUsers returns every user, by name.
func (db *DB) FindUsers(ctx context.Context) ([]zoneboard.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.name`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch users: %w", err)
	}
	defer rows.Close()
	var users []zoneboard.User
	for rows.Next() {
		u, err := scanUser(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read a user: %w", err)
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// FindUser returns a user and its password hash.
func (db *DB) FindUser(ctx context.Context, name string) (zoneboard.User, string, error) {
	return db.findUser(ctx, db.read, name)
}

func (db *DB) findUser(ctx context.Context, q queryer, name string) (zoneboard.User, string, error) {
	var hash string
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.name = $1`, name).Scan, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", zoneboard.Errorf(zoneboard.ENotFound, "there is no user %q", name)
	}
	if err != nil {
		return u, "", fmt.Errorf("store: unable to fetch a user: %w", err)
	}
	return u, hash, nil
}

// auditedUser is a user as the audit log shows it: never its password hash.
type auditedUser struct {
	zoneboard.User
	PasswordChanged bool `json:"password_changed,omitempty"`
}

// SaveUser creates a user or updates one; an empty passwordHash keeps the stored password.
func (db *DB) SaveUser(ctx context.Context, u zoneboard.User, passwordHash string, note zoneboard.AuditNote) (bool, error) {
	if err := zoneboard.CheckTexts(u); err != nil {
		return false, err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	now := db.now()
	before, _, err := db.findUser(ctx, tx, u.Name)
	created := zoneboard.ErrorCode(err) == zoneboard.ENotFound
	if err != nil && !created {
		return false, err
	}
	scope := strings.Join(u.Scope, ",")
	if created {
		if passwordHash == "" {
			return false, zoneboard.Errorf(zoneboard.EInvalid, "a new user needs a password")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO users (name, display_name, role, scope, password_hash, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, u.Name, u.DisplayName, u.Role, scope, passwordHash, u.Disabled, now)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE users SET display_name = $2, role = $3, scope = $4, disabled = $5, updated_at = $6,
			password_hash = CASE WHEN $7 = '' THEN password_hash ELSE $7 END WHERE name = $1`,
			u.Name, u.DisplayName, u.Role, scope, u.Disabled, now, passwordHash)
	}
	if err != nil {
		return false, fmt.Errorf("store: unable to save user %s: %w", u.Name, err)
	}
	after, _, err := db.findUser(ctx, tx, u.Name)
	if err != nil {
		return false, err
	}
	// Disabling a user revokes its tokens for good, in the same transaction: enabling it
	// again later does not bring back a token that may have leaked meanwhile.
	revoked := 0
	if !created && !before.Disabled && u.Disabled {
		if revoked, err = db.revokeTokens(ctx, tx, u.Name); err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = $1)`, u.Name); err != nil {
			return false, fmt.Errorf("store: unable to end the sessions of %s: %w", u.Name, err)
		}
	}
	note.Target = u.Name
	if note.Action == "" {
		note.Action = zoneboard.ActionUserUpdate
		if created {
			note.Action = zoneboard.ActionUserCreate
		}
	}
	var beforeRecord any
	summary := "user " + u.Name + " created as " + string(u.Role)
	if !created {
		beforeRecord = before
		summary = "user " + u.Name + " changed"
		if passwordHash != "" {
			summary = "user " + u.Name + ": password changed"
		}
		if revoked > 0 {
			summary += fmt.Sprintf("; disabled, its %d token(s) revoked", revoked)
		}
	}
	if _, err := db.writeAudit(ctx, tx, note, u.Scope, summary, beforeRecord, auditedUser{after, passwordHash != "" && !created}); err != nil {
		return false, err
	}
	return created, tx.Commit()
}

// RecordLogin writes a sign-in or a failed attempt to the audit log.
func (db *DB) RecordLogin(ctx context.Context, name string, ok bool, note zoneboard.AuditNote) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	note.Action, note.Target = zoneboard.ActionLoginFailed, name
	summary := "wrong password"
	if name == "" {
		summary = "unknown user name"
	}
	if ok {
		note.Action, summary = zoneboard.ActionLogin, "signed in"
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE name = $2`, db.now(), name); err != nil {
			return fmt.Errorf("store: unable to record the sign-in: %w", err)
		}
	}
	if _, err := db.writeAudit(ctx, tx, note, nil, summary, nil, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// FailedLogins counts failed sign-ins since a time: for a name since its last successful
// sign-in, for an address all of them (one's own sign-in must not reset the count of guesses at
// others' names). Kept in the audit log, the count is shared by every server over one database.
func (db *DB) FailedLogins(ctx context.Context, name, address string, since time.Time) (int, int, error) {
	count := func(column, value string, resetBySuccess bool) (int, error) {
		from := since.UTC()
		if resetBySuccess {
			var lastOK time.Time
			err := db.read.QueryRowContext(ctx, db.bind(`SELECT at FROM audit_log WHERE action = ? AND `+column+` = ? ORDER BY at DESC LIMIT 1`),
				zoneboard.ActionLogin, value).Scan(&lastOK)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return 0, fmt.Errorf("store: unable to count sign-ins: %w", err)
			}
			if lastOK.After(from) {
				from = lastOK.UTC()
			}
		}
		var n int
		if err := db.read.QueryRowContext(ctx, db.bind(`SELECT COUNT(*) FROM audit_log WHERE action = ? AND `+column+` = ? AND at > ?`),
			zoneboard.ActionLoginFailed, value, from).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: unable to count failed sign-ins: %w", err)
		}
		return n, nil
	}
	byName := 0
	if name != "" {
		var err error
		if byName, err = count("target", name, true); err != nil {
			return 0, 0, err
		}
	}
	byAddress, err := count("address", address, false)
	return byName, byAddress, err
}

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s zoneboard.Session) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, address)
		SELECT $1, id, $3, $4, $5, $4, $6 FROM users WHERE name = $2`, s.TokenHash, s.User, s.CSRFToken, s.CreatedAt.UTC(), s.ExpiresAt.UTC(), s.Address)
	if err != nil {
		return fmt.Errorf("store: unable to create a session: %w", err)
	}
	return nil
}

// FindSession returns a session that has not expired and whose user is not disabled.
func (db *DB) FindSession(ctx context.Context, tokenHash string, now time.Time) (zoneboard.Session, zoneboard.User, error) {
	var s zoneboard.Session
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, s.token_hash, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at, s.address
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
		tokenHash, now.UTC()).Scan, &s.TokenHash, &s.CSRFToken, &s.CreatedAt, &s.ExpiresAt, &s.LastSeen, &s.Address)
	if errors.Is(err, sql.ErrNoRows) {
		return s, u, zoneboard.Errorf(zoneboard.EUnauthorized, "the session has ended: sign in again")
	}
	if err != nil {
		return s, u, fmt.Errorf("store: unable to fetch a session: %w", err)
	}
	s.User = u.Name
	return s, u, nil
}

// TouchSession records that a session was used and moves its expiry.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, now, expires time.Time) error {
	if db.readOnly {
		return nil // the session is not renewed; it stays valid until it expires
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1`,
		tokenHash, now.UTC(), expires.UTC()); err != nil {
		if zoneboard.ErrorCode(db.unavailable(err)) == zoneboard.EUnavailable {
			return nil // a full disk must not sign readers out
		}
		return fmt.Errorf("store: unable to renew a session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: unable to end a session: %w", err)
	}
	return nil
}

// DeleteSessions ends every session of a user except keepHash.
func (db *DB) DeleteSessions(ctx context.Context, user, keepHash string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash <> $2 AND user_id = (SELECT id FROM users WHERE name = $1)`,
		user, keepHash); err != nil {
		return fmt.Errorf("store: unable to end the sessions of %s: %w", user, err)
	}
	return nil
}

const tokenColumns = `t.id, u.name, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at`

func scanToken(scan func(...any) error, extra ...any) (zoneboard.Token, error) {
	var t zoneboard.Token
	var used, revoked sql.NullTime
	if err := scan(append([]any{&t.ID, &t.User, &t.Name, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, &used, &revoked}, extra...)...); err != nil {
		return t, err
	}
	if used.Valid {
		t.LastUsedAt = &used.Time
	}
	if revoked.Valid {
		t.RevokedAt = &revoked.Time
	}
	return t, nil
}

// CreateToken stores a token's hash and returns the token as stored.
func (db *DB) CreateToken(ctx context.Context, t zoneboard.Token, note zoneboard.AuditNote) (zoneboard.Token, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return t, err
	}
	defer tx.Rollback()
	t.CreatedAt = db.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
		SELECT id, $2, $3, $4, $5, $6 FROM users WHERE name = $1 RETURNING id`,
		t.User, t.Name, t.Hash, t.Prefix, t.CreatedAt, t.ExpiresAt.UTC()).Scan(&t.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return t, zoneboard.Errorf(zoneboard.ENotFound, "there is no user %q", t.User)
	}
	if err != nil {
		return t, fmt.Errorf("store: unable to create a token: %w", err)
	}
	note.Action, note.Target = zoneboard.ActionTokenCreate, t.User
	if _, err := db.writeAudit(ctx, tx, note, nil, fmt.Sprintf("token %q (%s…) for %s, valid until %s", t.Name, t.Prefix, t.User,
		t.ExpiresAt.UTC().Format("2006-01-02")), nil, t); err != nil {
		return t, err
	}
	return t, tx.Commit()
}

// FindTokens lists a user's tokens, or everyone's when user is empty, newest first.
func (db *DB) FindTokens(ctx context.Context, user string) ([]zoneboard.Token, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE $1 = '' OR u.name = $1 ORDER BY t.id DESC`, user)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch tokens: %w", err)
	}
	defer rows.Close()
	var out []zoneboard.Token
	for rows.Next() {
		t, err := scanToken(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read a token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindTokenByHash returns a live token and its user, and notes its use.
func (db *DB) FindTokenByHash(ctx context.Context, hash string, now time.Time) (zoneboard.Token, zoneboard.User, error) {
	var t zoneboard.Token
	var used, revoked sql.NullTime
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, t.id, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND NOT u.disabled`, hash, now.UTC()).Scan,
		&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, u, zoneboard.Errorf(zoneboard.EUnauthorized, "the token is unknown, expired or revoked: create a new one")
	}
	if err != nil {
		return t, u, fmt.Errorf("store: unable to fetch a token: %w", err)
	}
	t.User = u.Name
	// Noting the use at most once a minute keeps a script's reads from becoming writes.
	if !used.Valid || now.Sub(used.Time) > time.Minute {
		if _, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, t.ID, now.UTC()); err != nil {
			// A disk that is full or read-only must not stop reads: the use goes unnoted.
			if zoneboard.ErrorCode(db.unavailable(err)) == zoneboard.EUnavailable {
				return t, u, nil
			}
			return t, u, fmt.Errorf("store: unable to note a token's use: %w", err)
		}
	}
	return t, u, nil
}

// revokeTokens revokes every live token of a user.
func (db *DB) revokeTokens(ctx context.Context, tx queryer, user string) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE revoked_at IS NULL
		AND user_id = (SELECT id FROM users WHERE name = $1)`, user, db.now())
	if err != nil {
		return 0, fmt.Errorf("store: unable to revoke the tokens of %s: %w", user, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// RevokeTokens revokes every live token of a user (after a password change, say) and records
// it in the audit log; it returns how many were revoked.
func (db *DB) RevokeTokens(ctx context.Context, user string, note zoneboard.AuditNote) (int, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n, err := db.revokeTokens(ctx, tx, user)
	if err != nil || n == 0 {
		return 0, err
	}
	note.Action, note.Target = zoneboard.ActionTokenRevoke, user
	if _, err := db.writeAudit(ctx, tx, note, nil, fmt.Sprintf("every token of %s revoked (%d)", user, n), nil, nil); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// RevokeToken revokes a token; user, when not empty, must own it.
func (db *DB) RevokeToken(ctx context.Context, id int64, user string, note zoneboard.AuditNote) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t, err := scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.id = $1 AND ($2 = '' OR u.name = $2)`, id, user).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return zoneboard.Errorf(zoneboard.ENotFound, "there is no token %d of yours", id)
	} else if err != nil {
		return fmt.Errorf("store: unable to fetch a token: %w", err)
	}
	if t.RevokedAt != nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1`, id, db.now()); err != nil {
		return fmt.Errorf("store: unable to revoke a token: %w", err)
	}
	note.Action, note.Target = zoneboard.ActionTokenRevoke, t.User
	if _, err := db.writeAudit(ctx, tx, note, nil, fmt.Sprintf("token %q (%s…) of %s revoked", t.Name, t.Prefix, t.User), t, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// Setting returns a setting saved by a user, or "" when there is none.
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var value string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = $1`, name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read setting %s: %w", name, err)
	}
	return value, nil
}

// SaveSetting saves a setting (an empty value removes it), with its audit entry.
func (db *DB) SaveSetting(ctx context.Context, name, value string, note zoneboard.AuditNote) error {
	// A setting may be long (a briefing template), but is text like any other.
	if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
		return zoneboard.Errorf(zoneboard.EInvalid, "setting %s: the text is not valid UTF-8 or holds a NUL character", name)
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var before sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = $1`, name).Scan(&before); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: unable to read setting %s: %w", name, err)
	}
	if before.String == value {
		return nil // saving what is there changes nothing, and is no write to audit
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE name = $1`, name); err != nil {
		return fmt.Errorf("store: unable to save setting %s: %w", name, err)
	}
	summary := name + " reset to the built-in one"
	if value != "" {
		summary = name + " saved"
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)`,
			name, value, note.Actor, db.now()); err != nil {
			return fmt.Errorf("store: unable to save setting %s: %w", name, err)
		}
	}
	note.Target = name
	var beforeValue, afterValue any
	if before.Valid {
		beforeValue = map[string]string{"value": before.String}
	}
	if value != "" {
		afterValue = map[string]string{"value": value}
	}
	if _, err := db.writeAudit(ctx, tx, note, nil, summary, beforeValue, afterValue); err != nil {
		return err
	}
	return tx.Commit()
}
