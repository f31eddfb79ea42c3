package auth

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"zoneboard"
)

// Store is what signing in needs of the store.
type Store interface {
	zoneboard.UserService
}

// UnitLister lists the units that scopes are resolved against.
type UnitLister interface {
	FindUnits(ctx context.Context, filter zoneboard.UnitFilter) ([]zoneboard.Unit, error)
}

// Limits of sign-in attempts: after MaxFailuresPerName wrong passwords for one name, or
// MaxFailuresPerAddress from one address, within ThrottleWindow, sign-in is refused until the
// window has passed, even with the right password.
const (
	MaxFailuresPerName    = 5
	MaxFailuresPerAddress = 20
	ThrottleWindow        = 15 * time.Minute
)

// Service signs users in and finds who a request comes from.
type Service struct {
	Store Store
	Units UnitLister
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// SessionIdle ends a session not used for this long; SessionMax ends any session this long
	// after sign-in.
	SessionIdle, SessionMax time.Duration

	mu         sync.Mutex
	setupToken string
	// attempts serialises the sign-ins of one name and of one address, so that a burst of
	// guesses cannot all pass the count before any failure is recorded.
	attempts keyedMutex
	// hashing bounds the password checks running at once: each holds 19 MiB.
	hashing chan struct{}
	once    sync.Once
}

// MaxConcurrentChecks bounds the password checks running at once (4 × 19 MiB).
const MaxConcurrentChecks = 4

// keyedMutex is a lock per key, released when nobody holds it.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	sync.Mutex
	holders int
}

func (k *keyedMutex) lock(key string) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.holders++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.holders--; l.holders == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}

// checkPassword runs a password check when a slot is free, or gives up with the request.
func (s *Service) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	s.once.Do(func() { s.hashing = make(chan struct{}, MaxConcurrentChecks) })
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.hashing }()
	return CheckPassword(hash, password), nil
}

// attemptName is the name a sign-in is counted and recorded under: at most 64 characters, as
// user names are, cut between characters.
func attemptName(name string) string {
	if utf8.RuneCountInString(name) <= 64 {
		return name
	}
	return string([]rune(name)[:64])
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) idle() time.Duration {
	if s.SessionIdle > 0 {
		return s.SessionIdle
	}
	return 8 * time.Hour
}

func (s *Service) maxAge() time.Duration {
	if s.SessionMax > 0 {
		return s.SessionMax
	}
	return 24 * time.Hour
}

// ThrottledError says how long to wait before the next sign-in attempt.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string { return e.Unwrap().Error() }

// Unwrap makes the error a zoneboard error, answered with 429 Too Many Requests.
func (e *ThrottledError) Unwrap() error {
	return zoneboard.Fail(zoneboard.ETooManyRequests, "auth.throttled", "minutes", int(e.RetryAfter.Round(time.Minute)/time.Minute))
}

// errWrongCredentials is the one answer to a wrong name, a wrong password and a disabled
// user, so that an answer does not tell which names exist.
var errWrongCredentials = zoneboard.Fail(zoneboard.EUnauthorized, "auth.wrong_credentials")

// Login checks a name and password and opens a session. It returns the session's secret (for
// the cookie) and the session with its CSRF token.
func (s *Service) Login(ctx context.Context, name, password, address string) (string, zoneboard.Session, *zoneboard.Access, error) {
	var none zoneboard.Session
	name = attemptName(name)
	// One attempt at a time per name and per address: the count, the check and the record
	// of a failure happen together.
	defer s.attempts.lock("name " + name)()
	defer s.attempts.lock("address " + address)()
	byName, byAddress, err := s.Store.FailedLogins(ctx, name, address, s.now().Add(-ThrottleWindow))
	if err != nil {
		return "", none, nil, err
	}
	if byName >= MaxFailuresPerName || byAddress >= MaxFailuresPerAddress {
		return "", none, nil, &ThrottledError{RetryAfter: ThrottleWindow}
	}
	// A failure is recorded under the name tried only when a user has it: what someone types
	// into the name field by mistake (often a password) stays out of the log.
	note := zoneboard.AuditNote{Actor: "sign-in", Address: address, Source: "sign-in"}
	user, hash, err := s.Store.FindUser(ctx, name)
	known := err == nil
	switch {
	case zoneboard.ErrorCode(err) == zoneboard.ENotFound:
		hash = dummyHash
	case err != nil:
		return "", none, nil, err
	}
	ok, err := s.checkPassword(ctx, hash, password)
	if err != nil {
		return "", none, nil, err
	}
	if !known || user.Disabled || !ok {
		target := ""
		if known {
			target = name
		}
		if err := s.Store.RecordLogin(ctx, target, false, note); err != nil {
			return "", none, nil, err
		}
		return "", none, nil, errWrongCredentials
	}
	note.Actor = name
	if err := s.Store.RecordLogin(ctx, name, true, note); err != nil {
		return "", none, nil, err
	}
	return s.openSession(ctx, user, address)
}

// openSession creates a session with fresh secrets: whatever session id a browser held
// before signing in is never reused, so nobody can plant one (session fixation).
func (s *Service) openSession(ctx context.Context, user zoneboard.User, address string) (string, zoneboard.Session, *zoneboard.Access, error) {
	secret, hash, err := NewSecret(sessionPrefix)
	if err != nil {
		return "", zoneboard.Session{}, nil, err
	}
	csrf, _, err := NewSecret("")
	if err != nil {
		return "", zoneboard.Session{}, nil, err
	}
	now := s.now()
	sess := zoneboard.Session{TokenHash: hash, User: user.Name, CSRFToken: csrf, CreatedAt: now, ExpiresAt: now.Add(s.idle()),
		LastSeen: now, Address: address}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", sess, nil, err
	}
	access, err := s.Access(ctx, user)
	return secret, sess, access, err
}

// Session finds the user of a session secret, renewing the session's idle expiry.
func (s *Service) Session(ctx context.Context, secret string) (zoneboard.Session, *zoneboard.Access, error) {
	if !strings.HasPrefix(secret, sessionPrefix) {
		return zoneboard.Session{}, nil, zoneboard.Fail(zoneboard.EUnauthorized, "auth.sign_in")
	}
	now := s.now()
	sess, user, err := s.Store.FindSession(ctx, HashSecret(secret), now)
	if err != nil {
		return sess, nil, err
	}
	if now.Sub(sess.CreatedAt) > s.maxAge() {
		s.Store.DeleteSession(ctx, sess.TokenHash)
		return sess, nil, zoneboard.Fail(zoneboard.EUnauthorized, "auth.session_ended")
	}
	// Renewing at most once a minute keeps reads from becoming writes.
	if now.Sub(sess.LastSeen) > time.Minute {
		expires := now.Add(s.idle())
		if end := sess.CreatedAt.Add(s.maxAge()); end.Before(expires) {
			expires = end
		}
		if err := s.Store.TouchSession(ctx, sess.TokenHash, now, expires); err != nil {
			return sess, nil, err
		}
	}
	access, err := s.Access(ctx, user)
	return sess, access, err
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, secret string) error {
	return s.Store.DeleteSession(ctx, HashSecret(secret))
}

// Token finds the user of an API token.
func (s *Service) Token(ctx context.Context, secret string) (*zoneboard.Access, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, zoneboard.Fail(zoneboard.EUnauthorized, "auth.not_a_token", "prefix", TokenPrefix)
	}
	_, user, err := s.Store.FindTokenByHash(ctx, HashSecret(secret), s.now())
	if err != nil {
		return nil, err
	}
	return s.Access(ctx, user)
}

// Access resolves what a user may do against the units as they are now.
func (s *Service) Access(ctx context.Context, user zoneboard.User) (*zoneboard.Access, error) {
	var units []zoneboard.Unit
	if user.Role.Scoped() && len(user.Scope) > 0 {
		var err error
		if units, err = s.Units.FindUnits(ctx, zoneboard.UnitFilter{}); err != nil {
			return nil, err
		}
	}
	return zoneboard.NewAccess(user, units), nil
}

// MaxTokenDays bounds a token's life: a forgotten token stops working within a year.
const MaxTokenDays = 366

// CreateToken creates an API token for a user and returns its secret, which is shown once.
func (s *Service) CreateToken(ctx context.Context, user, name string, days int, note zoneboard.AuditNote) (zoneboard.Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return zoneboard.Token{}, "", zoneboard.Fail(zoneboard.EInvalid, "auth.token_name")
	}
	if days < 1 || days > MaxTokenDays {
		return zoneboard.Token{}, "", zoneboard.Fail(zoneboard.EInvalid, "auth.token_days", "max", MaxTokenDays, "days", days)
	}
	secret, hash, err := NewSecret(TokenPrefix)
	if err != nil {
		return zoneboard.Token{}, "", err
	}
	t := zoneboard.Token{User: user, Name: name, Prefix: secret[:len(TokenPrefix)+6], Hash: hash,
		ExpiresAt: s.now().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Second)}
	t, err = s.Store.CreateToken(ctx, t, note)
	return t, secret, err
}

// SetupToken returns a one-time secret that lets the first admin be created through the web
// UI, or "" when users exist already.
func (s *Service) SetupToken(ctx context.Context) (string, error) {
	n, err := s.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.setupToken == "" {
		if s.setupToken, _, err = NewSecret(""); err != nil {
			return "", err
		}
	}
	return s.setupToken, nil
}

// Setup creates the first admin with the one-time token and signs it in.
func (s *Service) Setup(ctx context.Context, token string, user zoneboard.User, password, address string) (string, zoneboard.Session, *zoneboard.Access, error) {
	var none zoneboard.Session
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.Store.CountUsers(ctx)
	if err != nil {
		return "", none, nil, err
	}
	if n > 0 {
		return "", none, nil, zoneboard.Fail(zoneboard.EConflict, "auth.set_up_already")
	}
	if s.setupToken == "" || !Equal(token, s.setupToken) {
		return "", none, nil, zoneboard.Fail(zoneboard.EForbidden, "auth.setup_link")
	}
	user.Role, user.Scope = zoneboard.RoleAdmin, nil
	if err := user.Validate(func(string) bool { return false }); err != nil {
		return "", none, nil, err
	}
	if err := zoneboard.ValidatePassword(user.Name, password); err != nil {
		return "", none, nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", none, nil, err
	}
	if _, err := s.Store.SaveUser(ctx, user, hash, zoneboard.AuditNote{Actor: user.Name, Address: address, Source: "setup link",
		Action: zoneboard.ActionSetup}); err != nil {
		return "", none, nil, err
	}
	s.setupToken = ""
	return s.openSession(ctx, user, address)
}
