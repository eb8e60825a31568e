// Command xoc compiles HCL descriptions of Kore.ai XO Platform bots, their
// Stripe action, authorization profiles and templates into importable bot
// exports.
//
// This package is the command line only: flags, subcommands, output
// streams and exit codes. The compiler lives under compiler/.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ()))
}
