package zoneboard

import (
	"zoneboard/msg"

	"context"
	"encoding/json"
	"time"

	"zoneboard/period"
)

// Audit actions: what a write did.
const (
	ActionObservationsWrite  = "observations.write"
	ActionObservationsDelete = "observations.delete"
	ActionImport             = "import"
	ActionUnitWrite          = "unit.write"
	ActionGroupWrite         = "group.write"
	ActionIndicatorWrite     = "indicator.write"
	ActionUserCreate         = "user.create"
	ActionUserUpdate         = "user.update"
	ActionUserPassword       = "user.password"
	ActionTokenCreate        = "token.create"
	ActionTokenRevoke        = "token.revoke"
	ActionLogin              = "session.login"
	ActionLoginFailed        = "session.login_failed"
	ActionLogout             = "session.logout"
	ActionAccessDenied       = "access.denied"
	ActionExport             = "export"
	ActionSetup              = "setup"
	ActionTemplateWrite      = "template.write"
	ActionDemoLoad           = "demo.load"
	ActionPlanWrite          = "plan.write"
	ActionPlanDelete         = "plan.delete"
	ActionPlanImport         = "plan.import"
	ActionReportWrite        = "report.write"
	ActionTaskSignOff        = "task.sign_off"
)

// AuditNote is what a writer tells the store about a write for its audit entry: who, from
// where and what. The store adds when, and what changed.
type AuditNote struct {
	// Actor is the user's name, or cli:OS-USER for the command line.
	Actor string
	// Address is the client's network address; empty for the command line.
	Address string
	// Source is the file names of an import, or the request (PUT /api/v1/observations).
	Source string
	// Action is one of the Action constants.
	Action string
	// Target names the record written when there is one: a user, a unit, a token.
	Target string
}

// AuditEntry is one write in the audit log. Entries are never changed or deleted.
type AuditEntry struct {
	ID      int64           `json:"id"`
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`
	Address string          `json:"address"`
	Source  string          `json:"source"`
	Action  string          `json:"action"`
	Target  string          `json:"target"`
	Units   []string        `json:"units"`
	Summary string          `json:"summary"`
	Before  json.RawMessage `json:"before"`
	After   json.RawMessage `json:"after"`
}

// AuditVerification is what checking the audit log's hash chain found.
type AuditVerification struct {
	// Entries counts the entries read; Unchained those written before the log was chained,
	// which stand before the chain and are not checked.
	Entries   int `json:"entries"`
	Unchained int `json:"unchained"`
	// Broken is the first entry that does not match its hash; nil when the chain holds.
	Broken *AuditBreak `json:"broken,omitempty"`
	// HeadID and Head are the last entry and its hash: recorded elsewhere (printed, mailed),
	// they let a later check find entries cut from the end, which a chain alone cannot.
	HeadID int64  `json:"head_id"`
	Head   string `json:"head"`
}

// AuditBreak is the first entry where the chain breaks, and why.
type AuditBreak struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Reason string    `json:"reason"`
}

// Why an audit entry breaks the chain.
const (
	// AuditHashMismatch: the entry's contents, or the entry before it, are not what was
	// written, or an entry was removed or inserted just before it.
	AuditHashMismatch = "hash_mismatch"
	// AuditHashMissing: an entry without a hash after the chain began.
	AuditHashMissing = "hash_missing"
)

// AuditFilter selects entries; empty fields select everything.
type AuditFilter struct {
	ID     int64
	Actor  string
	Target string
	Action string
	Unit   string
	From   time.Time // inclusive
	To     time.Time // exclusive
	Limit  int
	Offset int
}

// FigureVersion is an observation's figures at one moment of its history.
type FigureVersion struct {
	Value  *float64 `json:"value"`
	Growth *float64 `json:"growth"`
	Status string   `json:"status"`
	Source string   `json:"source"`
	Note   string   `json:"note"`
}

// ObservationChange is one observation written or deleted by an audited write: its version
// before (nil when the write created it) and after (nil when the write deleted it).
type ObservationChange struct {
	Unit      string         `json:"unit"`
	Indicator string         `json:"indicator"`
	Period    period.Period  `json:"period"`
	Before    *FigureVersion `json:"before"`
	After     *FigureVersion `json:"after"`
}

// AuditService reads the audit log. Writers add to it through AuditNote.
type AuditService interface {
	FindAudit(ctx context.Context, f AuditFilter) (entries []AuditEntry, total int, err error)
	// AuditObservations lists up to limit observations that the entry's write changed, and how
	// many it changed in all.
	AuditObservations(ctx context.Context, id int64, limit int) ([]ObservationChange, int, error)
	// RecordAudit adds an entry for a write that happens outside the store, such as saving a
	// briefing template.
	RecordAudit(ctx context.Context, note AuditNote, summary string, before, after any) error
}

// SettingService keeps settings that users edit in the application, such as the briefing
// template; each save is audited.
type SettingService interface {
	// Setting returns a saved setting, or "" when there is none.
	Setting(ctx context.Context, name string) (string, error)
	// SaveSetting saves a setting; an empty value removes it.
	SaveSetting(ctx context.Context, name, value string, audit AuditNote) error
}

// DayRange reads the days an audit filter spans, "from" and "to" both included (2026-01-31),
// in the server's time zone; either may be empty.
func DayRange(from, to string) (start, end time.Time, err error) {
	for _, bound := range []struct {
		name, text string
		into       *time.Time
		add        int
	}{{"from", from, &start, 0}, {"to", to, &end, 1}} {
		if bound.text == "" {
			continue
		}
		day, perr := time.ParseInLocation("2006-01-02", bound.text, time.Local)
		if perr != nil {
			return start, end, Fail(EInvalid, "audit.day", "name", bound.name, "text", msg.Quoted(bound.text))
		}
		*bound.into = day.AddDate(0, 0, bound.add)
	}
	return start, end, nil
}
