package zoneboard

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"zoneboard/msg"
)

// UnitKind places a unit in the administrative tree.
type UnitKind string

const (
	KindCountry    UnitKind = "country"
	KindProvince   UnitKind = "province"
	KindCity       UnitKind = "city"
	KindDistrict   UnitKind = "district"
	KindCounty     UnitKind = "county"
	KindZone       UnitKind = "zone"
	KindPark       UnitKind = "park"
	KindEnterprise UnitKind = "enterprise"
	KindDepartment UnitKind = "department"
	KindOther      UnitKind = "other"
)

// UnitKinds lists every kind in the order of the tree, top first.
var UnitKinds = []UnitKind{KindCountry, KindProvince, KindCity, KindDistrict, KindCounty, KindZone,
	KindPark, KindEnterprise, KindDepartment, KindOther}

// unitKindsChinese are the words statistics offices write in a kind column.
var unitKindsChinese = map[string]UnitKind{
	"国家": KindCountry, "全国": KindCountry, "省": KindProvince, "省份": KindProvince, "市": KindCity, "城市": KindCity,
	"区": KindDistrict, "市辖区": KindDistrict, "县": KindCounty, "县市": KindCounty, "功能区": KindZone, "开发区": KindZone,
	"园区": KindPark, "企业": KindEnterprise, "部门": KindDepartment, "其他": KindOther,
}

// ParseUnitKind reads a kind in English or Chinese.
func ParseUnitKind(s string) (UnitKind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range UnitKinds {
		if string(k) == s {
			return k, true
		}
	}
	k, ok := unitKindsChinese[s]
	return k, ok
}

// Unit is a place or body that statistics are published for: a country, a province, a city,
// a district, county or functional zone, a park, an enterprise or a department. Units form a
// tree through Parent; a parent's total is its own published value, not the sum of its children.
type Unit struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	NameEn string   `json:"name_en"`
	Kind   UnitKind `json:"kind"`
	Parent string   `json:"parent"`
	// Partitioned says the children cover the unit without overlap, so that their sum may stand
	// for its total where it publishes none. Functional zones overlap districts: a city is not
	// partitioned by the units of its bulletin.
	Partitioned bool      `json:"partitioned"`
	UpdatedBy   string    `json:"updated_by,omitempty"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// SameContent reports whether u and v describe the unit alike, ignoring who wrote them and when.
func (u Unit) SameContent(v Unit) bool {
	return u.Code == v.Code && u.Name == v.Name && u.NameEn == v.NameEn && u.Kind == v.Kind && u.Parent == v.Parent &&
		u.Partitioned == v.Partitioned
}

// UnitFilter selects units; an empty filter selects all.
type UnitFilter struct {
	Codes  []string
	Parent string
}

// UnitService reads units.
type UnitService interface {
	FindUnits(ctx context.Context, filter UnitFilter) ([]Unit, error)
}

// Group is a named set of units ranked against each other, such as the sixteen units of a
// city's bulletin.
type Group struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Members   []string  `json:"members"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// GroupService reads peer groups.
type GroupService interface {
	FindGroups(ctx context.Context) ([]Group, error)
}

// ValidateCode checks the code of a unit, group or indicator: 1 to 64 letters, digits and
// - _ . (any script), starting with a letter or digit. Codes travel in URLs, comma-separated
// lists, file names and formulas, so they hold no spaces, commas, quotes or slashes.
func ValidateCode(what, code string) error {
	if code == "" || utf8.RuneCountInString(code) > 64 {
		return Fail(EInvalid, "code.length", "what", msg.Noun(what), "code", msg.Quoted(code))
	}
	for i, r := range code {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || i > 0 && strings.ContainsRune("-_.", r)) {
			return Fail(EInvalid, "code.characters", "what", msg.Noun(what), "code", msg.Quoted(code))
		}
	}
	return nil
}
