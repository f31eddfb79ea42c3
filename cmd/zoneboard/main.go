// Command zoneboard is the development zone's statistics and planning system: the CLI, the
// server and the demo. This package only parses flags and wires the concrete parts together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"zoneboard"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	os.Exit(m.Exit(m.Run(ctx, os.Args[1:])))
}

// Main is the program with its environment, so that tests run the real wiring.
type Main struct {
	// Stdin is read by commands that take a secret on standard input; nil reads nothing.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Ready, when set, receives the address a server listens on once it accepts connections.
	Ready func(addr string)
}

// NewMain returns a Main on the process's standard streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

func (m *Main) stdin() io.Reader {
	if m.Stdin == nil {
		return strings.NewReader("")
	}
	return m.Stdin
}

// usageError is a command line that does not parse; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

const usage = `zoneboard: statistics, comparisons and plans of a development zone

Usage:
  zoneboard demo [--addr 127.0.0.1:8080] [--db PATH] [--load-only] [--password P]
  zoneboard serve [--addr 127.0.0.1:8080] [--behind-proxy] [--db PATH]
  zoneboard user add NAME --role admin|analyst|reporter|viewer [--scope UNIT,...] [--password-stdin]
  zoneboard user list | set | disable | enable | passwd | token | tokens | revoke   (see 'zoneboard user')
  zoneboard plan targets|tasks|projects|tree [--today DAY] [--month 2020-05] [--by unit|industry|level] [--unit U] [--format table|csv|json]
  zoneboard remind [--today DAY] [--within 7] [--unit U] [--webhook URL] [--smtp smtp://HOST:PORT --from ADDR --recipients FILE]
  zoneboard audit [--actor NAME] [--action A] [--unit U] [--from DAY] [--to DAY] [--id N] [--format table|json] | --verify
  zoneboard migrate [--db PATH]
  zoneboard import [--dry-run] [--changes N|all] [--db PATH] FILE...
  zoneboard template [KIND [-o FILE] [--lang zh|en]]   (a blank xlsx of one kind of import file; alone: the kinds)
  zoneboard export [--format csv|xlsx] [--unit U] [--indicator I] [--period P] [-o FILE] [--db PATH]
  zoneboard export --plan [-o plan.xlsx | --format csv -o DIR] | --ledger YEAR [-o ledger.xlsx]
  zoneboard history --unit U --indicator I --period P [--db PATH]
  zoneboard query --indicator I[,I...] --period P[,P...] [--unit U,...|--group G] [--ref R] [--peers G]
                  [--format table|csv|json] [--extra COLUMNS] [--base P] [--total I]
  zoneboard check [--indicator I,...] [--period P,...] [--unit U,...] [--format table|csv|json]
  zoneboard brief --unit U [--period P] [--ref R] [--peers G] [--lang zh|en] [--format text|md|html|docx] [--issue N] [--date DAY]
                  [--template FILE] [-o FILE]
  zoneboard dashboard --unit U [--period P] [--lang zh|en] [--format text|csv|json]
  zoneboard indicators [--catalog] [--format table|csv|json]
  zoneboard bench [--observations N] [--seed S] [--store sqlite|memory] [--clients N] [--duration D]
  zoneboard loadtest --url URL [--clients N] [--duration D]   (this machine only; token in $ZONEBOARD_TOKEN)

The database is --db, else $ZONEBOARD_DB, else zoneboard.db: a file path, sqlite:PATH or a
postgres:// URL. Run 'zoneboard COMMAND --help' for a command's flags.
`

// Run runs one command and returns its error; Exit turns that into the exit status.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return usagef("no command given")
	}
	commands := map[string]func(context.Context, []string) error{
		"demo":       m.runDemo,
		"serve":      m.runServe,
		"migrate":    m.runMigrate,
		"import":     m.runImport,
		"template":   m.runTemplate,
		"export":     m.runExport,
		"history":    m.runHistory,
		"query":      m.runQuery,
		"check":      m.runCheck,
		"bench":      m.runBench,
		"brief":      m.runBrief,
		"dashboard":  m.runDashboard,
		"indicators": m.runIndicators,
		"loadtest":   m.runLoadtest,
		"user":       m.runUser,
		"audit":      m.runAudit,
		"plan":       m.runPlan,
		"remind":     m.runRemind,
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	run, ok := commands[args[0]]
	if !ok {
		fmt.Fprint(m.Stderr, usage)
		return usagef("unknown command %q", args[0])
	}
	return run(ctx, args[1:])
}

// Exit prints err and returns the exit status: 0 on success, 1 for an error the user can
// fix, 2 for a command line that does not parse.
func (m *Main) Exit(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(m.Stderr, "zoneboard:", ue.msg)
		return 2
	}
	// SIGINT or SIGTERM cancels the command's context: every write is one transaction, so
	// what was under way is rolled back.
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(m.Stderr, "zoneboard: interrupted: the command stopped and nothing was written")
		return 1
	}
	if zoneboard.ErrorCode(err) == zoneboard.EInternal {
		fmt.Fprintln(m.Stderr, "zoneboard:", err)
		return 1
	}
	fmt.Fprintln(m.Stderr, "zoneboard:", zoneboard.ErrorMessage(err))
	return 1
}

// flags makes a command's flag set, with --db on every command.
func (m *Main) flags(name, synopsis string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: zoneboard %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	db := fs.String("db", "", "database: a file path, sqlite:PATH or a postgres:// URL (default $ZONEBOARD_DB or zoneboard.db)")
	return fs, db
}

// parse parses flags anywhere among the arguments, so that 'import a.csv --dry-run' works
// as well as 'import --dry-run a.csv', and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func (m *Main) dsn(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if env := m.Getenv("ZONEBOARD_DB"); env != "" {
		return env
	}
	return "zoneboard.db"
}

// splitList reads a comma-separated flag value.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
