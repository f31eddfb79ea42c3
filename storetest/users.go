package storetest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"zoneboard"
	"zoneboard/period"
)

// testUsers checks users, sessions and tokens: what is stored, and what stops working when.
func testUsers(t *testing.T, open Opener) {
	s := open(t)
	mustApply(t, s, Base())
	note := zoneboard.AuditNote{Actor: "admin", Address: "10.0.0.1", Source: "test"}
	reporter := zoneboard.User{Name: "park", DisplayName: "园区填报员", Role: zoneboard.RoleReporter, Scope: []string{"370171"}}
	created, err := s.SaveUser(ctx, reporter, "hash-1", note)
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("%d users", n)
	}
	got, hash, err := s.FindUser(ctx, "park")
	if err != nil || hash != "hash-1" || got.Role != zoneboard.RoleReporter || !slices.Equal(got.Scope, []string{"370171"}) || got.DisplayName != "园区填报员" {
		t.Fatalf("find: %+v %q %v", got, hash, err)
	}
	// An update without a password keeps it.
	reporter.Scope = []string{"370171", "370102"}
	if created, err := s.SaveUser(ctx, reporter, "", note); err != nil || created {
		t.Fatalf("update: %v %v", created, err)
	}
	if _, hash, _ := s.FindUser(ctx, "park"); hash != "hash-1" {
		t.Errorf("the update changed the password hash to %q", hash)
	}
	if _, _, err := s.FindUser(ctx, "nobody"); zoneboard.ErrorCode(err) != zoneboard.ENotFound {
		t.Errorf("an unknown user: %v", err)
	}

	now := time.Now().UTC().Truncate(time.Second)
	sess := zoneboard.Session{TokenHash: "session-hash", User: "park", CSRFToken: "csrf", CreatedAt: now, ExpiresAt: now.Add(time.Hour), LastSeen: now, Address: "10.0.0.1"}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	found, user, err := s.FindSession(ctx, "session-hash", now)
	if err != nil || found.CSRFToken != "csrf" || user.Name != "park" {
		t.Fatalf("find session: %+v %+v %v", found, user, err)
	}
	if _, _, err := s.FindSession(ctx, "session-hash", now.Add(2*time.Hour)); zoneboard.ErrorCode(err) != zoneboard.EUnauthorized {
		t.Errorf("an expired session: %v", err)
	}
	if err := s.TouchSession(ctx, "session-hash", now.Add(time.Minute), now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindSession(ctx, "session-hash", now.Add(2*time.Hour)); err != nil {
		t.Errorf("a renewed session: %v", err)
	}
	// Disabling the user ends its session at once.
	reporter.Disabled = true
	s.SaveUser(ctx, reporter, "", note)
	if _, _, err := s.FindSession(ctx, "session-hash", now); zoneboard.ErrorCode(err) != zoneboard.EUnauthorized {
		t.Errorf("the session of a disabled user: %v", err)
	}
	reporter.Disabled = false
	s.SaveUser(ctx, reporter, "", note)
	sess.TokenHash = "other-session"
	s.CreateSession(ctx, sess)
	if err := s.DeleteSessions(ctx, "park", "other-session"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindSession(ctx, "session-hash", now); err == nil {
		t.Error("DeleteSessions kept a session it should have ended")
	}
	if _, _, err := s.FindSession(ctx, "other-session", now); err != nil {
		t.Errorf("DeleteSessions ended the session it should keep: %v", err)
	}
	s.DeleteSession(ctx, "other-session")
	if _, _, err := s.FindSession(ctx, "other-session", now); err == nil {
		t.Error("a deleted session still works")
	}

	token, err := s.CreateToken(ctx, zoneboard.Token{User: "park", Name: "script", Prefix: "zbt_abcdef", Hash: "token-hash", ExpiresAt: now.Add(time.Hour)}, note)
	if err != nil || token.ID == 0 {
		t.Fatalf("create token: %+v %v", token, err)
	}
	if _, user, err := s.FindTokenByHash(ctx, "token-hash", now); err != nil || user.Name != "park" {
		t.Errorf("find token: %v %v", user, err)
	}
	if _, _, err := s.FindTokenByHash(ctx, "token-hash", now.Add(2*time.Hour)); err == nil {
		t.Error("an expired token works")
	}
	if err := s.RevokeToken(ctx, token.ID, "someone-else", note); zoneboard.ErrorCode(err) != zoneboard.ENotFound {
		t.Errorf("another user revoking the token: %v", err)
	}
	if err := s.RevokeToken(ctx, token.ID, "park", note); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindTokenByHash(ctx, "token-hash", now); err == nil {
		t.Error("a revoked token works")
	}
	tokens, err := s.FindTokens(ctx, "park")
	if err != nil || len(tokens) != 1 || tokens[0].RevokedAt == nil || tokens[0].Prefix != "zbt_abcdef" {
		t.Errorf("tokens: %+v %v", tokens, err)
	}
}

// testAudit checks that every write is in the audit log with what it changed, that failed
// sign-ins are counted, and that the log cannot be changed.
func testAudit(t *testing.T, open Opener) {
	s := open(t)
	base := Base()
	base.Audit = zoneboard.AuditNote{Actor: "loader", Action: zoneboard.ActionImport, Source: "base.csv"}
	mustApply(t, s, base)
	mustApply(t, s, zoneboard.Batch{Actor: "park", Audit: zoneboard.AuditNote{Actor: "park", Address: "10.0.0.2", Action: zoneboard.ActionObservationsWrite},
		Observations: []zoneboard.Observation{observation("370171", "gdp", "2019", zoneboard.Float(1150.2), zoneboard.Float(10.5))}})
	mustApply(t, s, zoneboard.Batch{Actor: "park", Audit: zoneboard.AuditNote{Actor: "park", Address: "10.0.0.2", Action: zoneboard.ActionObservationsWrite},
		Observations: []zoneboard.Observation{observation("370171", "gdp", "2019", zoneboard.Float(1150.3), zoneboard.Float(10.5))}})
	// A batch that changes nothing is not a write.
	mustApply(t, s, zoneboard.Batch{Actor: "park", Observations: []zoneboard.Observation{observation("370171", "gdp", "2019", zoneboard.Float(1150.3), zoneboard.Float(10.5))}})
	// A changed unit is recorded before and after.
	unit := base.Units[0]
	unit.Name = "高新区"
	mustApply(t, s, zoneboard.Batch{Actor: "admin", Audit: zoneboard.AuditNote{Actor: "admin", Action: zoneboard.ActionUnitWrite}, Units: []zoneboard.Unit{unit}})
	if err := s.DeleteObservations(ctx, zoneboard.AuditNote{Actor: "admin", Address: "10.0.0.3"}, []zoneboard.ObservationKey{
		{Unit: "370171", Indicator: "gdp", Period: period.MustParse("2019")}}); err != nil {
		t.Fatal(err)
	}

	entries, total, err := s.FindAudit(ctx, zoneboard.AuditFilter{})
	if err != nil || total != 5 {
		t.Fatalf("%d entries: %v", total, err)
	}
	actions := []string{}
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if want := []string{"observations.delete", "unit.write", "observations.write", "observations.write", "import"}; !slices.Equal(actions, want) {
		t.Errorf("actions newest first: %v, want %v", actions, want)
	}
	unitWrite := entries[1]
	var before, after map[string]map[string]zoneboard.Unit
	json.Unmarshal(unitWrite.Before, &before)
	json.Unmarshal(unitWrite.After, &after)
	if before["units"]["370171"].Name != "济南高新区" || after["units"]["370171"].Name != "高新区" || unitWrite.Target != "370171" {
		t.Errorf("unit write: before %s after %s target %q", unitWrite.Before, unitWrite.After, unitWrite.Target)
	}
	// The second write's observations: 1150.2 before, 1150.3 after.
	changes, n, err := s.AuditObservations(ctx, entries[2].ID, 10)
	if err != nil || n != 1 || len(changes) != 1 || *changes[0].Before.Value != 1150.2 || *changes[0].After.Value != 1150.3 {
		t.Errorf("the second write changed %d: %+v %v", n, changes, err)
	}
	// The first: created, so nothing before; its after is kept though it was replaced since.
	changes, _, _ = s.AuditObservations(ctx, entries[3].ID, 10)
	if len(changes) != 1 || changes[0].Before != nil || *changes[0].After.Value != 1150.2 {
		t.Errorf("the first write: %+v", changes)
	}
	// The deletion: something before, nothing after.
	changes, _, _ = s.AuditObservations(ctx, entries[0].ID, 10)
	if len(changes) != 1 || changes[0].After != nil || *changes[0].Before.Value != 1150.3 {
		t.Errorf("the deletion: %+v", changes)
	}
	// Filters.
	for _, tt := range []struct {
		f    zoneboard.AuditFilter
		want int
	}{
		{zoneboard.AuditFilter{Actor: "park"}, 2},
		{zoneboard.AuditFilter{Action: "import"}, 1},
		{zoneboard.AuditFilter{Unit: "370171"}, 5},
		{zoneboard.AuditFilter{Unit: "3701"}, 1},
		{zoneboard.AuditFilter{Unit: "%"}, 0},
		{zoneboard.AuditFilter{From: time.Now().Add(time.Hour)}, 0},
		{zoneboard.AuditFilter{To: time.Now().Add(time.Hour)}, 5},
		{zoneboard.AuditFilter{Actor: "park", Limit: 1, Offset: 1}, 2},
	} {
		got, total, err := s.FindAudit(ctx, tt.f)
		if err != nil || total != tt.want || tt.f.Limit == 1 && len(got) != 1 {
			t.Errorf("filter %+v: %d entries (%d shown), want %d: %v", tt.f, total, len(got), tt.want, err)
		}
	}

	// Failed sign-ins count until a successful one.
	s.SaveUser(ctx, zoneboard.User{Name: "park", Role: zoneboard.RoleViewer}, "h", zoneboard.AuditNote{Actor: "admin"})
	since := time.Now().Add(-time.Hour)
	for i := 0; i < 3; i++ {
		if err := s.RecordLogin(ctx, "park", false, zoneboard.AuditNote{Actor: "park", Address: "10.0.0.9"}); err != nil {
			t.Fatal(err)
		}
	}
	if byName, byAddress, err := s.FailedLogins(ctx, "park", "10.0.0.9", since); err != nil || byName != 3 || byAddress != 3 {
		t.Errorf("failed sign-ins: %d by name, %d by address: %v", byName, byAddress, err)
	}
	time.Sleep(2 * time.Millisecond)
	s.RecordLogin(ctx, "park", true, zoneboard.AuditNote{Actor: "park", Address: "10.0.0.9"})
	if byName, _, _ := s.FailedLogins(ctx, "park", "10.0.0.9", since); byName != 0 {
		t.Errorf("%d failures counted after a successful sign-in", byName)
	}
	if u, _, _ := s.FindUser(ctx, "park"); u.LastLoginAt == nil {
		t.Error("a sign-in left no last sign-in time")
	}

	// Settings are saved and audited, and removed by an empty value.
	if err := s.SaveSetting(ctx, "brief_template", "title: x", zoneboard.AuditNote{Actor: "analyst", Action: zoneboard.ActionTemplateWrite}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Setting(ctx, "brief_template"); v != "title: x" {
		t.Errorf("setting = %q", v)
	}
	s.SaveSetting(ctx, "brief_template", "", zoneboard.AuditNote{Actor: "analyst", Action: zoneboard.ActionTemplateWrite})
	if v, _ := s.Setting(ctx, "brief_template"); v != "" {
		t.Errorf("a removed setting = %q", v)
	}
	if _, n, _ := s.FindAudit(ctx, zoneboard.AuditFilter{Action: zoneboard.ActionTemplateWrite}); n != 2 {
		t.Errorf("%d template writes audited", n)
	}
	// Nothing in the log holds a password hash.
	all, _, _ := s.FindAudit(ctx, zoneboard.AuditFilter{Limit: 1000})
	for _, e := range all {
		if strings.Contains(string(e.After)+string(e.Before), `"h"`) || strings.Contains(string(e.After), "hash") {
			t.Errorf("entry %d holds a hash: %s", e.ID, e.After)
		}
	}
}
