package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"zoneboard"
	"zoneboard/brief"
	"zoneboard/engine"
	"zoneboard/period"
	"zoneboard/plan"
	"zoneboard/sqlstore"
)

func (m *Main) runBrief(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("brief", "--unit U [--period P] [--ref R] [--peers G] [--lang zh|en] [--format text|md|html|docx] [--template FILE] [--issue N] [--date DAY] [-o FILE]")
	unit := fs.String("unit", "", "the unit, by code or name")
	periodText := fs.String("period", "", "the period (2019, 2020-Q1, 2020年1-3月); without it, the latest with the headline figures, cumulative before single months")
	ref := fs.String("ref", "", "the reference unit (default: the unit's parent)")
	peers := fs.String("peers", "", "the group to rank in (default: the unit's siblings)")
	lang := fs.String("lang", "zh", "zh or en")
	format := fs.String("format", "", "text, md, html or docx (default: from -o's extension, else text)")
	templatePath := fs.String("template", "", "a briefing template file (default: the built-in one; see --print-template)")
	printTemplate := fs.Bool("print-template", false, "print the built-in template, to copy and edit")
	issue := fs.Int("issue", 0, "the issue number printed under the bulletin's name, 第N期 (default: the template's, else the month the period ends in)")
	dateText := fs.String("date", "", "the issue's date, 2020-04-20 (default: the template's, else today)")
	out := fs.String("o", "", "write to this file instead of standard output")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("brief takes no arguments; use the flags")
	}
	if *printTemplate {
		_, err := m.Stdout.Write(brief.DefaultTemplateText())
		return err
	}
	if *unit == "" {
		return usagef("brief needs --unit (and --period, else the latest period with the headline figures)")
	}
	if *format == "" {
		*format = brief.FormatText
		switch filepath.Ext(*out) {
		case ".md":
			*format = brief.FormatMarkdown
		case ".html", ".htm":
			*format = brief.FormatHTML
		case ".docx":
			*format = brief.FormatDOCX
		}
	}
	switch *format {
	case brief.FormatText, brief.FormatMarkdown, brief.FormatHTML, brief.FormatDOCX:
	default:
		return usagef("brief: --format must be text, md, html or docx, not %q", *format)
	}
	if *lang != brief.Chinese && *lang != brief.English {
		return usagef("brief: --lang must be zh or en, not %q", *lang)
	}
	var p period.Period
	if *periodText != "" {
		var err error
		if p, err = period.Parse(*periodText); err != nil {
			return zoneboard.Errorf(zoneboard.EInvalid, "--period: %v", err)
		}
	}
	if *issue < 0 {
		return usagef("brief: --issue must be a positive number, not %d", *issue)
	}
	date, err := brief.ParseDay(*dateText)
	if err != nil {
		return zoneboard.Errorf(zoneboard.EInvalid, "--date: %v", err)
	}
	var tpl *brief.Template
	if *templatePath != "" {
		data, err := os.ReadFile(*templatePath)
		if err != nil {
			return zoneboard.Errorf(zoneboard.EInvalid, "cannot read %s: %v", *templatePath, errors.Unwrap(err))
		}
		if tpl, err = brief.ParseTemplate(data); err != nil {
			return zoneboard.Errorf(zoneboard.EInvalid, "%s: %v", *templatePath, err)
		}
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	eng, err := engine.New(ctx, db)
	if err != nil {
		return err
	}
	if tpl == nil {
		// the template users saved in the application, as the server uses it
		if tpl, err = brief.SavedTemplate(ctx, db, nil); err != nil {
			return err
		}
	}
	w := &brief.Writer{Engine: eng, Units: db, Indicators: db, Groups: db}
	if p, err = w.OpeningPeriod(ctx, tpl, *unit, p, nil); err != nil {
		return err
	}
	planned, err := m.planOfBriefing(ctx, db, eng, *unit, p)
	if err != nil {
		return err
	}
	b, err := w.Bulletin(ctx, tpl, brief.Request{Unit: *unit, Period: p, Ref: *ref, Peers: *peers, Lang: *lang, Plan: planned},
		brief.Edition{Issue: *issue, Date: date})
	if err != nil {
		return err
	}
	data, err := b.Render(*format)
	if err != nil {
		return err
	}
	return m.writeOutput(*out, data)
}

// writeOutput writes data to the file named (through a temporary file and a rename, so that
// a failure never leaves half a file) or to standard output.
func (m *Main) writeOutput(path string, data []byte) error {
	if path == "" {
		_, err := m.Stdout.Write(data)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".zoneboard-*")
	if err != nil {
		return zoneboard.Errorf(zoneboard.EInvalid, "cannot write %s: %v", path, errors.Unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return zoneboard.Errorf(zoneboard.EInvalid, "cannot write %s: %v", path, errors.Unwrap(err))
	}
	fmt.Fprintf(m.Stderr, "wrote %s\n", path)
	return nil
}

// planOfBriefing judges the plan of a unit and its descendants at the briefing's last month;
// nil when the unit is unknown, which the briefing reports.
func (m *Main) planOfBriefing(ctx context.Context, db *sqlstore.DB, eng *engine.Engine, unit string, p period.Period) (*plan.Evaluation, error) {
	codes, err := resolveUnits(ctx, db, []string{unit})
	if err != nil {
		return nil, nil
	}
	units, err := db.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	today, err := plan.Today(ctx, db, "")
	if err != nil {
		return nil, err
	}
	stored, err := db.FindPlan(ctx)
	if err != nil {
		return nil, err
	}
	return plan.Evaluate(ctx, stored, eng, plan.BriefingOptions(p, today, zoneboard.Subtree(units, codes...)))
}
