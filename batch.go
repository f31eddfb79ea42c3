package zoneboard

import "context"

// Batch is a set of writes applied together or not at all: an import, a loaded demo, a form.
type Batch struct {
	// Actor names who writes: a user name, or import:FILE for an import.
	Actor        string
	Units        []Unit
	Groups       []Group
	Indicators   []Indicator
	Observations []Observation
	// Plan holds plan records written in the same transaction, such as a file set that
	// defines a park and its projects.
	Plan PlanBatch
	// DryRun computes the outcome and writes nothing.
	DryRun bool
	// Audit says who wrote the batch, from where and how, for the audit log. Its Actor
	// defaults to the batch's, its Action to "write".
	Audit AuditNote
}

// Counts says how many records of one kind a batch created, changed or left as they were.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// BatchResult is the outcome of a batch, per kind.
type BatchResult struct {
	Units        Counts     `json:"units"`
	Groups       Counts     `json:"groups"`
	Indicators   Counts     `json:"indicators"`
	Observations Counts     `json:"observations"`
	Plan         PlanResult `json:"plan"`
	// ObservationChanges lists the observations the batch created or changed, in the batch's
	// order, with what was stored before (no Before for a new one): the first MaxObservationChanges of them, so that a
	// dry run can show a person what a confirmed write would do. The rest are only counted in
	// Observations. A caller pages the list itself; it is not part of the result's JSON.
	ObservationChanges []ObservationChange `json:"-"`
	// Definitions lists the units, indicators and groups the batch created or changed.
	Definitions []DefinitionChange `json:"definitions,omitempty"`
}

// MaxObservationChanges bounds the observation changes a result lists: enough to read through
// a month's reports, small enough to keep in memory for a whole re-import.
const MaxObservationChanges = 10_000

// ObservationChangesOmitted is how many changed or created observations the result counts but
// does not list.
func (r BatchResult) ObservationChangesOmitted() int {
	return max(0, r.Observations.Created+r.Observations.Updated-len(r.ObservationChanges))
}

// Kinds of definitions a DefinitionChange names.
const (
	DefinitionUnit      = "unit"
	DefinitionIndicator = "indicator"
	DefinitionGroup     = "group"
)

// DefinitionChange names a unit, indicator or group a batch created or changed.
type DefinitionChange struct {
	Kind    string `json:"kind"`
	Code    string `json:"code"`
	Name    string `json:"name"`
	Created bool   `json:"created"`
}

// Changed reports whether the batch created or changed anything.
func (r BatchResult) Changed() bool {
	for _, c := range []Counts{r.Units, r.Groups, r.Indicators, r.Observations} {
		if c.Created+c.Updated > 0 {
			return true
		}
	}
	return r.Plan.Changed()
}

// BatchService applies batches atomically.
type BatchService interface {
	ApplyBatch(ctx context.Context, batch Batch) (BatchResult, error)
}

// Store is everything a statistics store offers.
type Store interface {
	UnitService
	GroupService
	IndicatorService
	ObservationService
	BatchService
	UserService
	AuditService
	SettingService
	PlanService
	LatestChange(ctx context.Context) (ChangePoint, error)
	ScanFigures(ctx context.Context, after int64, fn func(Figures) error) (through int64, err error)
	Close() error
}
