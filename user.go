package zoneboard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what a user is for. Each role grants a fixed set of permissions; a scope limits the
// units a reporter or a viewer sees and writes.
type Role string

const (
	// RoleAdmin does everything, including managing users and reading the audit log.
	RoleAdmin Role = "admin"
	// RoleAnalyst reads every unit and writes plans, briefing templates and indicators.
	RoleAnalyst Role = "analyst"
	// RoleReporter writes observations and reports for the units of its scope.
	RoleReporter Role = "reporter"
	// RoleViewer reads only.
	RoleViewer Role = "viewer"
)

// Roles lists the roles from the most to the least powerful.
var Roles = []Role{RoleAdmin, RoleAnalyst, RoleReporter, RoleViewer}

// ParseRole reads a role by its English or Chinese name.
func ParseRole(s string) (Role, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "admin", "管理员":
		return RoleAdmin, true
	case "analyst", "分析员":
		return RoleAnalyst, true
	case "reporter", "填报员":
		return RoleReporter, true
	case "viewer", "查阅", "查阅者":
		return RoleViewer, true
	}
	return "", false
}

// Permission names one kind of write or privileged read.
type Permission string

const (
	PermObservationsWrite Permission = "observations.write"
	// PermImport is the right to upload files; what a file may hold is checked record by
	// record against the other permissions.
	PermImport          Permission = "import"
	PermUnitsWrite      Permission = "units.write" // units and peer groups: the tree everyone's scope hangs on
	PermIndicatorsWrite Permission = "indicators.write"
	PermTemplatesWrite  Permission = "templates.write"
	PermPlansWrite      Permission = "plans.write"
	PermReportsWrite    Permission = "reports.write" // monthly reports on tasks and projects
	PermUsersManage     Permission = "users.manage"
	PermAuditRead       Permission = "audit.read"
)

var rolePermissions = map[Role][]Permission{
	RoleAdmin: {PermObservationsWrite, PermImport, PermUnitsWrite, PermIndicatorsWrite, PermTemplatesWrite,
		PermPlansWrite, PermReportsWrite, PermUsersManage, PermAuditRead},
	RoleAnalyst:  {PermImport, PermIndicatorsWrite, PermTemplatesWrite, PermPlansWrite, PermReportsWrite},
	RoleReporter: {PermObservationsWrite, PermImport, PermReportsWrite},
	RoleViewer:   nil,
}

// Permissions returns what the role may do.
func (r Role) Permissions() []Permission { return slices.Clone(rolePermissions[r]) }

// Scoped says whether the role's reads and writes are limited to a scope. Admins and
// analysts see every unit: an analyst compares the zone with its peers.
func (r Role) Scoped() bool { return r == RoleReporter || r == RoleViewer }

// User is a person or a script that signs in.
type User struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	// Scope lists the units, by code, that a reporter or a viewer is limited to, each with its
	// descendants. Empty means every unit, which a reporter may not have.
	Scope       []string   `json:"scope"`
	Disabled    bool       `json:"disabled"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	LastLoginAt *time.Time `json:"last_login_at"`
}

// ValidateUserName checks a user name: 2 to 64 letters, digits or . _ - @, starting with a
// letter or digit. Names appear in the audit log and in file names of exports, so they carry
// no spaces, slashes or quotes.
func ValidateUserName(name string) error {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 64 {
		return Errorf(EInvalid, "user name %q must have 2 to 64 characters", name)
	}
	for i, r := range name {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || (i > 0 && strings.ContainsRune("._-@", r))
		if !ok {
			return Errorf(EInvalid, "user name %q may hold only letters, digits and . _ - @ (and must start with a letter or digit)", name)
		}
	}
	return nil
}

// MinPasswordLength is the shortest password accepted. Length, not character classes, is what
// makes a password hard to guess.
const MinPasswordLength = 12

// ValidatePassword checks a new password.
func ValidatePassword(name, password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return Errorf(EInvalid, "the password must have at least %d characters", MinPasswordLength)
	}
	if len(password) > 256 {
		return Errorf(EInvalid, "the password must have at most 256 bytes")
	}
	if strings.EqualFold(password, name) || strings.Contains(strings.ToLower(password), strings.ToLower(name)) && len(name) >= 4 {
		return Errorf(EInvalid, "the password must not contain the user name")
	}
	return nil
}

// Validate checks a user's role and scope against the units that exist.
func (u User) Validate(unitExists func(code string) bool) error {
	if err := ValidateUserName(u.Name); err != nil {
		return err
	}
	if _, ok := rolePermissions[u.Role]; !ok {
		return Errorf(EInvalid, "role %q is not admin, analyst, reporter or viewer", u.Role)
	}
	if len(u.DisplayName) > 200 {
		return Errorf(EInvalid, "the display name must have at most 200 bytes")
	}
	if !u.Role.Scoped() && len(u.Scope) > 0 {
		return Errorf(EInvalid, "a%s %s sees every unit and has no scope: remove the scope or choose the role reporter or viewer",
			map[bool]string{true: "n", false: ""}[u.Role == RoleAdmin || u.Role == RoleAnalyst], u.Role)
	}
	if u.Role == RoleReporter && len(u.Scope) == 0 {
		return Errorf(EInvalid, "a reporter needs a scope: name the units it reports for")
	}
	for _, code := range u.Scope {
		if !unitExists(code) {
			return Errorf(EInvalid, "scope: %q is not a known unit code", code)
		}
	}
	return nil
}

// Access is what one signed-in user may read and write, with the scope expanded over the unit
// tree. The zero value grants nothing.
type Access struct {
	User User
	// units holds every unit of the scope and its descendants; nil means every unit.
	units map[string]bool
	perms map[Permission]bool
}

// NewAccess resolves a user's rights against the units as they are now.
func NewAccess(u User, units []Unit) *Access {
	a := &Access{User: u, perms: map[Permission]bool{}}
	if u.Disabled {
		return a
	}
	for _, p := range rolePermissions[u.Role] {
		a.perms[p] = true
	}
	if !u.Role.Scoped() || len(u.Scope) == 0 && u.Role == RoleViewer {
		return a
	}
	children := map[string][]string{}
	for _, unit := range units {
		children[unit.Parent] = append(children[unit.Parent], unit.Code)
	}
	a.units = map[string]bool{}
	var walk func(code string)
	walk = func(code string) {
		if a.units[code] {
			return
		}
		a.units[code] = true
		for _, c := range children[code] {
			walk(c)
		}
	}
	for _, code := range u.Scope {
		walk(code)
	}
	return a
}

// Subtree returns whether a unit is one of roots or below one of them, in the tree of units.
func Subtree(units []Unit, roots ...string) func(unit string) bool {
	return NewAccess(User{Role: RoleViewer, Scope: roots}, units).Sees
}

// Can reports whether the user holds a permission.
func (a *Access) Can(p Permission) bool { return a != nil && a.perms[p] }

// Permissions lists what the user holds, in a fixed order.
func (a *Access) Permissions() []Permission {
	var out []Permission
	for _, p := range rolePermissions[RoleAdmin] {
		if a.Can(p) {
			out = append(out, p)
		}
	}
	return out
}

// AllUnits reports whether the user sees every unit.
func (a *Access) AllUnits() bool {
	return a != nil && a.units == nil && !a.User.Disabled && a.User.Role != ""
}

// Sees reports whether the user may read the unit's figures.
func (a *Access) Sees(unit string) bool { return a.AllUnits() || a != nil && a.units[unit] }

// ScopeUnits lists the units the user sees, sorted; nil means every unit.
func (a *Access) ScopeUnits() []string {
	if a.AllUnits() {
		return nil
	}
	out := make([]string, 0, len(a.units))
	for code := range a.units {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}

// Require returns a forbidden error unless the user holds the permission.
func (a *Access) Require(p Permission) error {
	if a.Can(p) {
		return nil
	}
	return Errorf(EForbidden, "%s may not do this: it needs the permission %s, which the role %s does not have", a.name(), p, a.User.Role)
}

// RequireUnit returns a forbidden error unless the user sees the unit.
func (a *Access) RequireUnit(unit string) error {
	if a.Sees(unit) {
		return nil
	}
	return Errorf(EForbidden, "%s may not read or write unit %s: it is outside the scope %s", a.name(), unit, strings.Join(a.User.Scope, ", "))
}

// RequireWrite returns a forbidden error unless the user holds the permission for the unit.
func (a *Access) RequireWrite(p Permission, unit string) error {
	if err := a.Require(p); err != nil {
		return err
	}
	return a.RequireUnit(unit)
}

// AuthorizeBatch checks every record of a write: definitions need their permission, and each
// observation its unit in scope. The first refusal names the record.
func (a *Access) AuthorizeBatch(b Batch) error {
	if len(b.Units) > 0 || len(b.Groups) > 0 {
		if err := a.Require(PermUnitsWrite); err != nil {
			return Errorf(EForbidden, "%s may not define units or peer groups (the file or request holds %d units and %d groups): only an admin may",
				a.name(), len(b.Units), len(b.Groups))
		}
	}
	if len(b.Indicators) > 0 {
		if err := a.Require(PermIndicatorsWrite); err != nil {
			return Errorf(EForbidden, "%s may not define indicators (the file or request holds %d): only an analyst or an admin may", a.name(), len(b.Indicators))
		}
	}
	if len(b.Observations) > 0 {
		if err := a.Require(PermObservationsWrite); err != nil {
			return Errorf(EForbidden, "%s may not write observations: only a reporter or an admin may", a.name())
		}
	}
	for _, o := range b.Observations {
		if !a.Sees(o.Unit) {
			return Errorf(EForbidden, "%s may not write observations of unit %s (%s %s): it is outside the scope %s",
				a.name(), o.Unit, o.Indicator, o.Period.Code(), strings.Join(a.User.Scope, ", "))
		}
	}
	return nil
}

// AuthorizePlan checks the plan part of a write: goals, targets, tasks and projects need the
// right to write plans; a report needs the right to report and the item's unit in scope.
// unitsOf gives the units a stored or written task or project belongs to ("task", code).
func (a *Access) AuthorizePlan(b PlanBatch, unitsOf func(kind, code string) []string) error {
	if n := len(b.Goals) + len(b.Targets) + len(b.Tasks) + len(b.Projects); n > 0 {
		if err := a.Require(PermPlansWrite); err != nil {
			return Errorf(EForbidden, "%s may not write goals, targets, tasks or projects (the file or request holds %d): only an analyst or an admin may",
				a.name(), n)
		}
	}
	if len(b.TaskReports)+len(b.ProjectReports) > 0 {
		if err := a.Require(PermReportsWrite); err != nil {
			return err
		}
	}
	reports := func(kind, code string) error {
		for _, u := range unitsOf(kind, code) {
			if a.Sees(u) {
				return nil
			}
		}
		return Errorf(EForbidden, "%s may not report on %s %s: its units are outside the scope %s", a.name(), kind, code, strings.Join(a.User.Scope, ", "))
	}
	for _, r := range b.TaskReports {
		if err := reports("task", r.Task); err != nil {
			return err
		}
	}
	for _, r := range b.ProjectReports {
		if err := reports("project", r.Project); err != nil {
			return err
		}
	}
	return nil
}

// PlanUnits returns, for AuthorizePlan, the units of the tasks and projects of a stored plan
// and of a batch: a task's lead and cooperating units, a project's unit and responsible unit.
func PlanUnits(stored Plan, b PlanBatch) func(kind, code string) []string {
	units := map[string][]string{}
	for _, t := range append(append([]Task(nil), stored.Tasks...), b.Tasks...) {
		units["task "+t.Code] = append([]string{t.LeadUnit}, t.CooperatingUnits...)
	}
	for _, p := range append(append([]Project(nil), stored.Projects...), b.Projects...) {
		units["project "+p.Code] = []string{p.Unit, p.ResponsibleUnit}
	}
	return func(kind, code string) []string { return units[kind+" "+code] }
}

func (a *Access) name() string {
	if a == nil || a.User.Name == "" {
		return "an anonymous caller"
	}
	return fmt.Sprintf("user %s (%s)", a.User.Name, a.User.Role)
}

// Session is a signed-in browser. Only hashes of its secrets are stored.
type Session struct {
	TokenHash string
	User      string
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	Address   string
}

// Token is an API token for scripts; the store keeps its hash, never the secret.
type Token struct {
	ID         int64      `json:"id"`
	User       string     `json:"user"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// UserService keeps users, their credentials, sessions and tokens. Every change writes its
// audit entry in the same transaction.
type UserService interface {
	CountUsers(ctx context.Context) (int, error)
	FindUsers(ctx context.Context) ([]User, error)
	// FindUser returns the user and its password hash.
	FindUser(ctx context.Context, name string) (User, string, error)
	// SaveUser creates or updates a user; passwordHash empty keeps the password.
	SaveUser(ctx context.Context, u User, passwordHash string, audit AuditNote) (created bool, err error)
	// RecordLogin notes a successful or failed sign-in in the audit log.
	RecordLogin(ctx context.Context, name string, ok bool, audit AuditNote) error
	// FailedLogins counts failed sign-ins since a time for a name and for an address, each
	// since that one's last successful sign-in.
	FailedLogins(ctx context.Context, name, address string, since time.Time) (byName, byAddress int, err error)

	CreateSession(ctx context.Context, s Session) error
	// FindSession returns a live session and its user, or ENotFound.
	FindSession(ctx context.Context, tokenHash string, now time.Time) (Session, User, error)
	TouchSession(ctx context.Context, tokenHash string, now, expires time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteSessions ends every session of a user but the one kept (may be empty).
	DeleteSessions(ctx context.Context, user, keepHash string) error

	CreateToken(ctx context.Context, t Token, audit AuditNote) (Token, error)
	FindTokens(ctx context.Context, user string) ([]Token, error)
	// FindTokenByHash returns a token that is neither revoked nor expired, and its user.
	FindTokenByHash(ctx context.Context, hash string, now time.Time) (Token, User, error)
	RevokeToken(ctx context.Context, id int64, user string, audit AuditNote) error
	// RevokeTokens revokes every live token of a user, returning how many.
	RevokeTokens(ctx context.Context, user string, audit AuditNote) (int, error)
}
