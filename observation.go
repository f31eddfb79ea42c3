package zoneboard

import (
	"context"
	"time"

	"zoneboard/period"
)

// Observation statuses.
const (
	StatusPreliminary = "preliminary"
	StatusFinal       = "final"
	StatusRevised     = "revised"
)

// ObservationStatuses lists the statuses an observation may carry.
var ObservationStatuses = []string{StatusPreliminary, StatusFinal, StatusRevised}

// ObservationKey names one cell of the statistics: a unit, an indicator and a period.
type ObservationKey struct {
	Unit      string        `json:"unit"`
	Indicator string        `json:"indicator"`
	Period    period.Period `json:"period"`
}

// Observation is a published value and/or growth of an indicator for a unit and period.
// Value is in the indicator's unit and nil when not published (industrial value added is
// published as growth only); Growth is the published year-on-year growth in percent, kept
// apart from the levels because it is measured on a comparable base.
type Observation struct {
	ObservationKey
	Value      *float64  `json:"value"`
	Growth     *float64  `json:"growth"`
	Status     string    `json:"status"`
	Source     string    `json:"source"`
	Note       string    `json:"note"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	// Audit is the audit entry of the write that recorded this version, when history tells it.
	Audit int64 `json:"audit_id,omitempty"`
}

// SameContent reports whether o and p carry the same figures and annotations.
func (o Observation) SameContent(p Observation) bool {
	return o.ObservationKey == p.ObservationKey && sameNumber(o.Value, p.Value) && sameNumber(o.Growth, p.Growth) &&
		o.Status == p.Status && o.Source == p.Source && o.Note == p.Note
}

func sameNumber(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Revision is an earlier version of an observation, kept when a later write replaced it.
type Revision struct {
	Observation
	ReplacedBy string    `json:"replaced_by"`
	ReplacedAt time.Time `json:"replaced_at"`
	// ReplacedAudit is the audit entry of the write that replaced (or deleted) this version.
	ReplacedAudit int64 `json:"replaced_audit_id,omitempty"`
}

// ObservationFilter selects observations; empty fields select all.
type ObservationFilter struct {
	Units      []string
	Indicators []string
	Periods    []period.Period
	Years      []int
	Limit      int
	Offset     int
}

// ObservationService reads observations and their history.
type ObservationService interface {
	FindObservations(ctx context.Context, filter ObservationFilter) ([]Observation, error)
	// ObservationHistory returns the current version first, then the earlier ones, newest first.
	ObservationHistory(ctx context.Context, key ObservationKey) (current *Observation, earlier []Revision, err error)
	// DeleteObservations deletes observations, keeping each one's last version in its
	// history; all or none, and not_found if one does not exist.
	DeleteObservations(ctx context.Context, audit AuditNote, keys []ObservationKey) error
}

// Float returns a pointer to v, for building observations.
func Float(v float64) *float64 { return &v }
