package main

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"strconv"
	"strings"

	"zoneboard"
	"zoneboard/msg"
	"zoneboard/notify"
	"zoneboard/plan"
)

// runRemind lists what each responsible unit must be reminded of and, when told how, sends it:
// to a webhook as JSON (one post per unit), or by e-mail to the addresses a recipients file
// gives per unit (CSV: unit,email).
func (m *Main) runRemind(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("remind", "[--today DAY] [--within 7] [--unit U] [--webhook URL] [--smtp smtp://HOST:PORT --from ADDR --recipients FILE]")
	today := fs.String("today", "", "the day to judge at (default: the plan's as-of day if set, else today)")
	within := fs.Int("within", 7, "days ahead that count as due soon")
	unit := fs.String("unit", "", "only this unit's reminders (and its descendants')")
	webhook := fs.String("webhook", "", "post each unit's reminders as JSON to this address")
	smtpServer := fs.String("smtp", "", "send e-mail through this server, smtp://[user:password@]host:port (or $ZONEBOARD_SMTP)")
	from := fs.String("from", "", "the sender of the e-mails")
	recipients := fs.String("recipients", "", "a CSV file of unit,email: who receives each unit's e-mail")
	format := fs.String("format", "table", "table, csv or json")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments", "command", "remind")
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return badUsage("cli.flag_choice", "command", "remind", "flag", "--format", "choices", "table, csv, json")
	}
	if *within < 0 || *within > 366 {
		return badUsage("cli.remind_within")
	}
	if *smtpServer == "" {
		*smtpServer = m.Getenv("ZONEBOARD_SMTP")
	}
	var addresses map[string][]string
	if *smtpServer != "" {
		if *from == "" || *recipients == "" {
			return badUsage("cli.remind_mail")
		}
		var err error
		if addresses, err = readRecipients(*recipients); err != nil {
			return err
		}
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	day, err := plan.Today(ctx, db, *today)
	if err != nil {
		return err
	}
	p, err := db.FindPlan(ctx)
	if err != nil {
		return err
	}
	units, err := db.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return err
	}
	var visible func(string) bool
	if *unit != "" {
		codes, err := resolveUnits(ctx, db, []string{*unit})
		if err != nil {
			return err
		}
		visible = zoneboard.Subtree(units, codes...)
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	for unit := range addresses {
		if _, ok := names[unit]; !ok {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.recipients_unit", "file", *recipients, "unit", msg.Quoted(unit))
		}
	}
	list := plan.Reminders(p, day, *within, visible)
	var all []plan.Reminder
	for i := range list {
		list[i].UnitName = names[list[i].Unit]
		all = append(all, list[i].Reminders...)
	}
	if err := printTable(m, *format, all, []string{"unit", "name", "kind", "code", "item", "detail", "due", "days_left", "overdue"},
		func(r plan.Reminder) []string {
			return []string{r.Unit, names[r.Unit], r.Kind, r.Code, r.Name, r.Detail, r.Due, strconv.Itoa(r.DaysLeft), yesNo(r.Overdue)}
		}); err != nil {
		return err
	}
	sent, failed := 0, 0
	var firstErr error
	for _, u := range list {
		subject, body := plan.Describe(u)
		var errs []error
		if *webhook != "" {
			errs = append(errs, notify.Webhook(ctx, *webhook, map[string]any{"unit": u.Unit, "unit_name": u.UnitName, "today": day,
				"subject": subject, "text": body, "reminders": u.Reminders}))
		}
		if to := addresses[u.Unit]; *smtpServer != "" && len(to) > 0 {
			errs = append(errs, notify.Send(ctx, *smtpServer, notify.Mail{From: *from, To: to, Subject: subject, Body: body}))
		} else if *smtpServer != "" {
			m.say(m.Stderr, "cli.no_mail_address", "unit", msg.Named{Code: u.Unit, Name: u.UnitName}, "file", *recipients, "count", len(u.Reminders))
		}
		if err := errors.Join(errs...); err != nil {
			failed++
			if firstErr == nil {
				firstErr = err
			}
		} else if len(errs) > 0 {
			sent++
		}
	}
	if *webhook != "" || *smtpServer != "" {
		m.say(m.Stderr, "cli.reminders_sent", "count", sent)
	}
	if failed > 0 {
		return zoneboard.Fail(zoneboard.EInvalid, "cli.reminders_failed", "count", failed, "error", firstErr)
	}
	return nil
}

// readRecipients reads a CSV of unit,email (a header row is allowed; several rows per unit).
func readRecipients(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_read", "file", path, "error", cause(err))
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.not_csv", "file", path, "error", err.Error())
	}
	out := map[string][]string{}
	for i, row := range rows {
		if len(row) < 2 || i == 0 && strings.EqualFold(strings.TrimSpace(row[0]), "unit") {
			continue
		}
		address := strings.TrimSpace(row[1])
		if !strings.Contains(address, "@") || strings.ContainsAny(address, " <>\r\n") {
			return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.not_email", "file", path, "row", i+1, "address", msg.Quoted(address))
		}
		out[strings.TrimSpace(row[0])] = append(out[strings.TrimSpace(row[0])], address)
	}
	return out, nil
}
