package runner_test

import (
	"context"
	"fmt"
	"os"

	"github.com/xoc-dev/xoc/compiler/runner"
)

func Example() {
	bot, err := runner.Load("testdata/flow")
	if err != nil {
		fmt.Println(err)
		return
	}
	tr, err := runner.Run(context.Background(), bot, runner.Options{
		Dialog:   "Count down",
		Entities: map[string]string{"start": "2"},
		Out:      os.Stdout,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(tr.Steps), "steps, ended:", tr.Ended, "unresolved:", len(tr.Unresolved))
	// Output:
	// Lift-off after 2 counts, left 0.
	// 5 steps, ended: true unresolved: 0
}
