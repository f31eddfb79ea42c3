package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"zoneboard"
	"zoneboard/auth"
	"zoneboard/msg"
	"zoneboard/sqlstore"
)

const userUsage = `user add NAME --role admin|analyst|reporter|viewer [--scope UNIT,...] [--display-name TEXT] [--password-stdin]
       user list
       user set NAME [--role R] [--scope UNIT,...] [--display-name TEXT]
       user disable NAME | user enable NAME
       user passwd NAME [--password-stdin] [--tokens keep|revoke]   (an admin's tokens are revoked unless kept)
       user token NAME --name TEXT [--days 90]
       user tokens NAME
       user revoke TOKEN-ID`

// runUser manages users from the command line. Whoever can run the command on the database
// is its administrator, so these need no sign-in; every change is audited as cli:OS-USER.
func (m *Main) runUser(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return badUsage("cli.user_subcommand", "usage", userUsage)
	}
	sub, args := args[0], args[1:]
	fs, dbFlag := m.flags("user "+sub, userUsage)
	role := fs.String("role", "", "admin, analyst, reporter or viewer")
	scope := fs.String("scope", "", "units, by code, that a reporter or viewer is limited to (with their descendants)")
	displayName := fs.String("display-name", "", "the name shown in the UI, such as 综合保税区填报员")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
	tokenName := fs.String("name", "", "what the token is for")
	days := fs.Int("days", 90, "days until the token expires (at most 366)")
	tokensAfter := fs.String("tokens", "", "after a new password: keep or revoke the user's API tokens (default: revoke an admin's, keep others')")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	note := zoneboard.AuditNote{Actor: m.actor(), Source: "zoneboard user " + sub}
	one := func() (string, error) {
		if len(rest) != 1 {
			return "", badUsage("cli.user_one", "command", "user "+sub)
		}
		return rest[0], nil
	}
	switch sub {
	case "list":
		return m.listUsers(ctx, db)
	case "add":
		name, err := one()
		if err != nil {
			return err
		}
		if _, _, err := db.FindUser(ctx, name); err == nil {
			return zoneboard.Fail(zoneboard.EConflict, "cli.user_exists", "name", name)
		}
		r, ok := zoneboard.ParseRole(*role)
		if !ok {
			return badUsage("cli.flag_choice", "command", "user add", "flag", "--role", "choices", "admin, analyst, reporter, viewer")
		}
		u := zoneboard.User{Name: name, DisplayName: *displayName, Role: r, Scope: splitList(*scope)}
		return m.savePassword(ctx, db, u, *passwordStdin, note)
	case "set", "disable", "enable":
		name, err := one()
		if err != nil {
			return err
		}
		u, _, err := db.FindUser(ctx, name)
		if err != nil {
			return err
		}
		switch sub {
		case "disable":
			u.Disabled = true
		case "enable":
			u.Disabled = false
		default:
			if *role != "" {
				r, ok := zoneboard.ParseRole(*role)
				if !ok {
					return badUsage("cli.flag_choice", "command", "user set", "flag", "--role", "choices", "admin, analyst, reporter, viewer")
				}
				u.Role = r
				if !r.Scoped() {
					u.Scope = nil
				}
			}
			if *scope != "" {
				u.Scope = splitList(*scope)
			}
			if *displayName != "" {
				u.DisplayName = *displayName
			}
		}
		if err := validateUser(ctx, db, u); err != nil {
			return err
		}
		if _, err := db.SaveUser(ctx, u, "", note); err != nil {
			return err
		}
		if u.Disabled {
			if err := db.DeleteSessions(ctx, u.Name, ""); err != nil {
				return err
			}
		}
		if u.Disabled {
			m.say(m.Stdout, "cli.user_disabled", "name", u.Name, "role", string(u.Role), "scope", scopeText(u.Scope))
		} else {
			m.say(m.Stdout, "cli.user_changed", "name", u.Name, "role", string(u.Role), "scope", scopeText(u.Scope))
		}
		return nil
	case "passwd":
		name, err := one()
		if err != nil {
			return err
		}
		u, _, err := db.FindUser(ctx, name)
		if err != nil {
			return err
		}
		note.Action = zoneboard.ActionUserPassword
		if err := m.savePassword(ctx, db, u, *passwordStdin, note); err != nil {
			return err
		}
		if err := db.DeleteSessions(ctx, name, ""); err != nil {
			return err
		}
		// An admin's tokens end with its old password unless kept; others' only when asked.
		revoke := u.Role == zoneboard.RoleAdmin
		switch *tokensAfter {
		case "revoke":
			revoke = true
		case "keep":
			revoke = false
		case "":
		default:
			return badUsage("cli.flag_value", "command", "user passwd", "flag", "--tokens", "choices", "keep, revoke", "value", msg.Quoted(*tokensAfter))
		}
		if !revoke {
			return nil
		}
		note.Action = zoneboard.ActionTokenRevoke
		n, err := db.RevokeTokens(ctx, name, note)
		if err == nil && n > 0 {
			fmt.Fprintf(m.Stdout, "%d token(s) of %s revoked\n", n, name)
		}
		return err
	case "token":
		name, err := one()
		if err != nil {
			return err
		}
		service := &auth.Service{Store: db, Units: db}
		token, secret, err := service.CreateToken(ctx, name, *tokenName, *days, note)
		if err != nil {
			return err
		}
		m.say(m.Stdout, "cli.token_created", "id", int(token.ID), "name", name, "day", token.ExpiresAt.Local().Format("2006-01-02"))
		fmt.Fprintln(m.Stdout, secret)
		m.say(m.Stderr, "cli.token_shown_once")
		return nil
	case "tokens":
		name, err := one()
		if err != nil {
			return err
		}
		tokens, err := db.FindTokens(ctx, name)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tname\tprefix\tcreated\texpires\tlast used\trevoked")
		day := func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.Local().Format("2006-01-02 15:04")
		}
		for _, t := range tokens {
			fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Prefix, day(&t.CreatedAt), day(&t.ExpiresAt), day(t.LastUsedAt), day(t.RevokedAt))
		}
		return tw.Flush()
	case "revoke":
		if len(rest) != 1 {
			return badUsage("cli.revoke_one")
		}
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil {
			return badUsage("cli.revoke_id", "id", msg.Quoted(rest[0]))
		}
		if err := db.RevokeToken(ctx, id, "", note); err != nil {
			return err
		}
		m.say(m.Stdout, "cli.token_revoked", "id", int(id))
		return nil
	}
	return badUsage("cli.user_unknown_subcommand", "command", msg.Quoted(sub), "usage", userUsage)
}

func scopeText(scope []string) msg.Text {
	if len(scope) == 0 {
		return msg.New("cli.every_unit")
	}
	return msg.Both{Zh: strings.Join(scope, ","), En: strings.Join(scope, ",")}
}

func validateUser(ctx context.Context, db *sqlstore.DB, u zoneboard.User) error {
	units, err := db.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, unit := range units {
		known[unit.Code] = true
	}
	return u.Validate(func(code string) bool { return known[code] })
}

// savePassword sets a user's password, read from standard input or generated and printed
// once, creating the user if it does not exist.
func (m *Main) savePassword(ctx context.Context, db *sqlstore.DB, u zoneboard.User, fromStdin bool, note zoneboard.AuditNote) error {
	if err := validateUser(ctx, db, u); err != nil {
		return err
	}
	var password string
	if fromStdin {
		line, err := bufio.NewReader(m.stdin()).ReadString('\n')
		if err != nil && err != io.EOF {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.password_stdin", "error", err.Error())
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		var err error
		if password, err = newPassword(); err != nil {
			return err
		}
	}
	if err := zoneboard.ValidatePassword(u.Name, password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	created, err := db.SaveUser(ctx, u, hash, note)
	if err != nil {
		return err
	}
	if created {
		m.say(m.Stdout, "cli.user_created", "name", u.Name, "role", string(u.Role), "scope", scopeText(u.Scope))
	} else {
		m.say(m.Stdout, "cli.password_changed", "name", u.Name, "role", string(u.Role), "scope", scopeText(u.Scope))
	}
	if !fromStdin {
		m.say(m.Stdout, "cli.password", "password", password)
		m.say(m.Stderr, "cli.password_shown_once")
	}
	return nil
}

// newPassword makes a 16-character password from letters and digits that are hard to confuse
// (no 0/O, 1/l/I), about 92 bits.
func newPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", err
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b), nil
}

func (m *Main) listUsers(ctx context.Context, db *sqlstore.DB) error {
	users, err := db.FindUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tdisplay name\trole\tscope\tstatus\tlast sign-in")
	for _, u := range users {
		status, last := "active", ""
		if u.Disabled {
			status = "disabled"
		}
		if u.LastLoginAt != nil {
			last = u.LastLoginAt.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.DisplayName, u.Role, scopeText(u.Scope).In(m.lang), status, last)
	}
	return tw.Flush()
}

// runAudit prints the audit log, newest first.
func (m *Main) runAudit(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("audit", "[--actor NAME] [--action A] [--unit U] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit 50] [--format table|json] [--id N]")
	actor := fs.String("actor", "", "only the writes of this user (cli:NAME for the command line)")
	action := fs.String("action", "", "only this action, such as observations.write, import, user.update")
	unit := fs.String("unit", "", "only writes that touched this unit")
	from := fs.String("from", "", "from this day")
	to := fs.String("to", "", "up to and including this day")
	limit := fs.Int("limit", 50, "at most this many entries")
	format := fs.String("format", "table", "table or json")
	id := fs.Int64("id", 0, "one entry, with the observations it changed")
	verify := fs.Bool("verify", false, "check the whole log's hash chain end to end and report the first broken entry")
	head := fs.String("head", "", "with --verify: a head printed by an earlier check (ID:HASH), which must still be in the log")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.audit_no_arguments")
	}
	if *verify {
		return m.verifyAudit(ctx, *dbFlag, *format, *head)
	}
	if *format != "table" && *format != "json" {
		return badUsage("cli.flag_choice", "command", "audit", "flag", "--format", "choices", "table, json")
	}
	f := zoneboard.AuditFilter{ID: *id, Actor: *actor, Action: *action, Unit: *unit, Limit: *limit}
	var err error
	if f.From, f.To, err = zoneboard.DayRange(*from, *to); err != nil {
		return usagef("audit: --%v", err)
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	entries, total, err := db.FindAudit(ctx, f)
	if err != nil {
		return err
	}
	var changes []zoneboard.ObservationChange
	if *id != 0 {
		if len(entries) == 0 {
			return zoneboard.Fail(zoneboard.ENotFound, "api.audit_not_found", "id", int(*id))
		}
		if changes, _, err = db.AuditObservations(ctx, *id, 1000); err != nil {
			return err
		}
	}
	if *format == "json" {
		return m.printJSON(map[string]any{"entries": entries, "total": total, "observations": changes})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tat\tactor\taddress\taction\ttarget\tsummary\tsource")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.Local().Format("2006-01-02 15:04:05"), e.Actor, e.Address,
			e.Action, e.Target, e.Summary, e.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if *id != 0 {
		e := entries[0]
		for _, side := range []struct {
			name string
			raw  json.RawMessage
		}{{"before", e.Before}, {"after", e.After}} {
			if len(side.raw) > 0 {
				fmt.Fprintf(m.Stdout, "%s: %s\n", side.name, side.raw)
			}
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "unit\tindicator\tperiod\tvalue before\tvalue after\tgrowth before\tgrowth after")
		figure := func(v *zoneboard.FigureVersion, growth bool) string {
			if v == nil {
				return "-"
			}
			x := v.Value
			if growth {
				x = v.Growth
			}
			if x == nil {
				return ""
			}
			return strconv.FormatFloat(*x, 'f', -1, 64)
		}
		for _, c := range changes {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Unit, c.Indicator, c.Period.Code(), figure(c.Before, false), figure(c.After, false),
				figure(c.Before, true), figure(c.After, true))
		}
		return tw.Flush()
	}
	if total > len(entries) {
		m.say(m.Stderr, "cli.audit_truncated", "shown", len(entries), "total", total)
	}
	return nil
}

// verifyAudit checks the audit log's hash chain: exit status 0 when it holds, 1 with the
// first broken entry when it does not.
func (m *Main) verifyAudit(ctx context.Context, dbFlag, format, head string) error {
	db, err := m.open(ctx, dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if format == "json" {
		if err := m.printJSON(v); err != nil {
			return err
		}
	} else if v.Broken == nil {
		if v.Unchained > 0 {
			m.say(m.Stdout, "cli.audit_intact_partly", "checked", v.Entries-v.Unchained, "unchained", v.Unchained)
		} else {
			m.say(m.Stdout, "cli.audit_intact", "checked", v.Entries)
		}
	}
	if v.Broken == nil && v.HeadID > 0 && format != "json" {
		m.say(m.Stdout, "cli.audit_head", "head", strconv.FormatInt(v.HeadID, 10)+":"+v.Head)
	}
	// A head recorded earlier must still be in the log as it was: entries cut from the end
	// leave a chain that holds, but not that head.
	if head != "" && v.Broken == nil {
		idText, hash, ok := strings.Cut(head, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		if !ok || err != nil || hash == "" {
			return usagef("audit: --head must be ID:HASH as an earlier --verify printed it, not %q", head)
		}
		stored, err := db.AuditHash(ctx, id)
		if err != nil {
			return err
		}
		if stored != hash {
			return zoneboard.Fail(zoneboard.EConflict, "cli.audit_head_gone", "id", int(id))
		}
	}
	if b := v.Broken; b != nil {
		why := msg.New("cli.audit_altered")
		if b.Reason == zoneboard.AuditHashMissing {
			why = msg.New("cli.audit_hash_missing")
		}
		return zoneboard.Fail(zoneboard.EConflict, "cli.audit_broken", "id", int(b.ID), "at", b.At.Local().Format("2006-01-02 15:04:05"),
			"actor", b.Actor, "action", string(b.Action), "why", why)
	}
	return nil
}
