// Package cmdline is the command-line contract shared by the build tools
// (site, pagebench, soak): a usage mistake is one line on stderr and exit
// status 2, any other failure one line and exit status 1, and flags are
// parsed quietly so that the tool, not the flag package, words the mistake.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// UsageError is a command-line mistake (exit status 2).
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef formats a UsageError.
func Usagef(format string, a ...any) error { return UsageError{fmt.Sprintf(format, a...)} }

// Parse parses args quietly; any mistake, including a stray argument, is a
// UsageError. For -h it is "usage: " followed by usage, when usage is given.
func Parse(fs *flag.FlagSet, args []string, usage string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) && usage != "" {
			return UsageError{"usage: " + strings.TrimSpace(usage)}
		}
		return UsageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// Exit ends the program for err: nothing for nil; "name: msg" plus hint and
// status 2 for a UsageError; "name: err" and status 1 otherwise.
func Exit(name string, err error, hint string) {
	if err == nil {
		return
	}
	var ue UsageError
	if errors.As(err, &ue) {
		fmt.Fprintf(os.Stderr, "%s: %s%s\n", name, ue.Msg, hint)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
	os.Exit(1)
}
