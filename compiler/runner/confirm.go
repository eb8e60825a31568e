package runner

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A confirmation (a "dialogAct" node) asks a yes-or-no question and
// branches on the answer: its transitions are {"if": {"dialogAct": "yes"}}
// and {"if": {"dialogAct": "no"}}. The runner takes the answer from
// Options.Entities under the component's name, like an entity's; without
// one it answers "yes", the way on.

// confirmSample is the answer to a confirmation that Options.Entities does
// not answer: the dialog's happy path.
const confirmSample = "yes"

// The answers a confirmation understands, by what they mean: a few common
// words, not the platform's whole vocabulary, so that a run means what
// its answers say.
var (
	yesWords = []string{"yes", "y", "yeah", "ok", "sure"}
	noWords  = []string{"no", "n", "nope"}
)

// parseAnswer reads a yes-or-no answer, case and surrounding blanks and
// a final "." or "!" aside: "yes" or "no".
func parseAnswer(raw string) (string, error) {
	word := strings.ToLower(strings.TrimRight(strings.TrimSpace(raw), ".!"))
	switch {
	case slices.Contains(yesWords, word):
		return "yes", nil
	case slices.Contains(noWords, word):
		return "no", nil
	}
	return "", fmt.Errorf("%q is neither yes (%s) nor no (%s)", raw, strings.Join(yesWords, ", "), strings.Join(noWords, ", "))
}

// visitConfirm shows the current confirmation's question and takes its
// answer, which the transitions out of the node test.
func (m *machine) visitConfirm(step *Step) error {
	question, err := m.messageText(m.comp.Message, "confirmation")
	if err != nil {
		return err
	}
	step.Prompt = m.redact(question)
	raw, given := m.opts.Entities[m.comp.Name]
	if !given {
		raw = confirmSample
		step.Sampled = true
	}
	step.Value = m.redact(raw)
	m.answer, err = parseAnswer(raw)
	return err
}

// testAnswer tests a {"dialogAct": …} condition: the answer given to the
// confirmation being left, the only node that has one.
func (m *machine) testAnswer(want string) (bool, error) {
	if m.node.Type != "dialogAct" {
		return false, errors.New("a dialogAct condition outside a confirmation node tests no answer")
	}
	return strings.EqualFold(want, m.answer), nil
}
