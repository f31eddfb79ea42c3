package zoneboard_test

import (
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/period"
)

var tree = []zoneboard.Unit{
	{Code: "3701"}, {Code: "370171", Parent: "3701"}, {Code: "370171-01", Parent: "370171"}, {Code: "370171-02", Parent: "370171"},
	{Code: "370171-01-A", Parent: "370171-01"}, {Code: "370102", Parent: "3701"},
}

func TestAScopeIsAUnitAndItsDescendants(t *testing.T) {
	a := zoneboard.NewAccess(zoneboard.User{Name: "r", Role: zoneboard.RoleReporter, Scope: []string{"370171-01"}}, tree)
	for code, want := range map[string]bool{"370171-01": true, "370171-01-A": true, "370171-02": false, "370171": false, "3701": false} {
		if a.Sees(code) != want {
			t.Errorf("sees %s = %v", code, !want)
		}
	}
	if got := strings.Join(a.ScopeUnits(), ","); got != "370171-01,370171-01-A" {
		t.Errorf("scope units %s", got)
	}
	zone := zoneboard.NewAccess(zoneboard.User{Name: "z", Role: zoneboard.RoleReporter, Scope: []string{"370171"}}, tree)
	if !zone.Sees("370171-01-A") || zone.Sees("370102") {
		t.Error("the zone reporter's scope")
	}
	// An analyst and an unscoped viewer see everything; a disabled user nothing.
	if !zoneboard.NewAccess(zoneboard.User{Role: zoneboard.RoleAnalyst}, tree).AllUnits() ||
		!zoneboard.NewAccess(zoneboard.User{Role: zoneboard.RoleViewer}, tree).Sees("370102") {
		t.Error("unscoped roles")
	}
	off := zoneboard.NewAccess(zoneboard.User{Role: zoneboard.RoleAdmin, Disabled: true}, tree)
	if off.Sees("3701") || off.Can(zoneboard.PermAuditRead) {
		t.Error("a disabled admin keeps rights")
	}
}

func TestAuthorizeBatch(t *testing.T) {
	reporter := zoneboard.NewAccess(zoneboard.User{Name: "r", Role: zoneboard.RoleReporter, Scope: []string{"370171-01"}}, tree)
	obs := func(unit string) zoneboard.Observation {
		return zoneboard.Observation{ObservationKey: zoneboard.ObservationKey{Unit: unit, Indicator: "gdp", Period: period.MustParse("2019")}}
	}
	if err := reporter.AuthorizeBatch(zoneboard.Batch{Observations: []zoneboard.Observation{obs("370171-01"), obs("370171-01-A")}}); err != nil {
		t.Errorf("in scope: %v", err)
	}
	err := reporter.AuthorizeBatch(zoneboard.Batch{Observations: []zoneboard.Observation{obs("370171-01"), obs("370171-02")}})
	if zoneboard.ErrorCode(err) != zoneboard.EForbidden || !strings.Contains(err.Error(), "370171-02") {
		t.Errorf("out of scope: %v", err)
	}
	if err := reporter.AuthorizeBatch(zoneboard.Batch{Units: []zoneboard.Unit{{Code: "370171-01"}}}); zoneboard.ErrorCode(err) != zoneboard.EForbidden {
		t.Errorf("a reporter defining a unit: %v", err)
	}
	analyst := zoneboard.NewAccess(zoneboard.User{Name: "a", Role: zoneboard.RoleAnalyst}, tree)
	if err := analyst.AuthorizeBatch(zoneboard.Batch{Indicators: []zoneboard.Indicator{{Code: "gdp"}}}); err != nil {
		t.Errorf("an analyst defining an indicator: %v", err)
	}
	if err := analyst.AuthorizeBatch(zoneboard.Batch{Observations: []zoneboard.Observation{obs("3701")}}); zoneboard.ErrorCode(err) != zoneboard.EForbidden {
		t.Errorf("an analyst writing observations: %v", err)
	}
}

func TestUserValidation(t *testing.T) {
	exists := func(code string) bool { return code == "370171" }
	for _, tt := range []struct {
		user zoneboard.User
		want string
	}{
		{zoneboard.User{Name: "ok.name-1", Role: zoneboard.RoleViewer}, ""},
		{zoneboard.User{Name: "张三", Role: zoneboard.RoleViewer}, ""},
		{zoneboard.User{Name: "x", Role: zoneboard.RoleViewer}, "2 to 64"},
		{zoneboard.User{Name: "a b", Role: zoneboard.RoleViewer}, "only letters"},
		{zoneboard.User{Name: "-lead", Role: zoneboard.RoleViewer}, "only letters"},
		{zoneboard.User{Name: "boss", Role: "root"}, "is not admin"},
		{zoneboard.User{Name: "boss", Role: zoneboard.RoleAdmin, Scope: []string{"370171"}}, "has no scope"},
		{zoneboard.User{Name: "park", Role: zoneboard.RoleReporter}, "needs a scope"},
		{zoneboard.User{Name: "park", Role: zoneboard.RoleReporter, Scope: []string{"nowhere"}}, "not a known unit"},
	} {
		err := tt.user.Validate(exists)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.user, err, tt.want)
		}
	}
	for _, pw := range []string{"short", "alice-alice-alice"} {
		if zoneboard.ValidatePassword("alice", pw) == nil {
			t.Errorf("password %q accepted", pw)
		}
	}
	if err := zoneboard.ValidatePassword("alice", "a long passphrase"); err != nil {
		t.Error(err)
	}
}

func TestCodes(t *testing.T) {
	for _, ok := range []string{"370171", "3701-NBSQ", "gdp", "imports_exports", "a.b", "园区1"} {
		if err := zoneboard.ValidateCode("unit", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "' OR 1=1", "a,b", "a b", "../x", "_x", "%", strings.Repeat("x", 65)} {
		if zoneboard.ValidateCode("unit", bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
