package runner

import (
	"errors"
	"strings"
	"testing"

	"github.com/xoc-dev/xoc/compiler/ir"
	"github.com/xoc-dev/xoc/compiler/kore"
	"github.com/xoc-dev/xoc/internal/stripemock"
)

// The delete_customer fixture asks for a customer id, makes it URL-safe,
// asks for a confirmation, and on "yes" sends
// DELETE {{env.stripe_base_url}}/v1/customers/{{context.deleteCustomerId}};
// on "no" it says nothing was deleted.

// "yes" and its synonyms delete; without an answer a confirmation is
// answered "yes", marked as a sample, as an entity without one gets a
// sample value. (One stripe-mock for both.)
func TestConfirmYesDeletes(t *testing.T) {
	srv := stripemock.Start(t)
	bot := load(t, "delete_customer")
	env := map[string]string{"stripe_base_url": srv.URL, "stripe_api_key": testKey}
	for _, answer := range []string{"yes", " Yeah! ", "OK", "sure", "y"} {
		tr := mustRun(t, bot, Options{
			Entities: map[string]string{"customer": "cus_123", "deleteCustomerConfirm": answer},
			Env:      env,
		})
		assertCleanSuccess(t, tr)
		if len(tr.Calls) != 1 {
			t.Fatalf("answer %q: %d calls:\n%s", answer, len(tr.Calls), tr.Format())
		}
		c := tr.Calls[0]
		if c.Method != "DELETE" || c.URL != srv.URL+"/v1/customers/cus_123" || c.Body != "" {
			t.Errorf("answer %q: call %s %s body %q", answer, c.Method, c.URL, c.Body)
		}
		if want := "Deleted customer cus_123 (deleted: true)."; len(tr.Messages) != 1 || tr.Messages[0] != want {
			t.Errorf("answer %q: messages %q, want %q", answer, tr.Messages, want)
		}
		step := tr.Steps[3]
		if step.Type != "dialogAct" || step.Prompt != "Delete customer cus_123? This cannot be undone." ||
			step.Value != answer || step.Sampled || step.Next != "service4" {
			t.Errorf("answer %q: step %+v", answer, step)
		}
	}

	// The export xoc writes for a confirmation runs the same way.
	written := writtenConfirmBot(t)
	for answer, want := range map[string]string{"yes": "Deleted customer cus_123.", "no": "Nothing was deleted."} {
		tr := mustRun(t, written, Options{Entities: map[string]string{"customer": "cus_123", "deleteCustomerConfirm": answer}, Env: env})
		assertCleanSuccess(t, tr)
		if len(tr.Messages) != 1 || tr.Messages[0] != want {
			t.Errorf("xoc's export, answer %q: messages %q, want %q", answer, tr.Messages, want)
		}
	}

	tr := mustRun(t, bot, Options{Entities: map[string]string{"customer": "cus_123"}, Env: env})
	assertCleanSuccess(t, tr)
	step := tr.Steps[3]
	if step.Value != "yes" || !step.Sampled || len(tr.Calls) != 1 {
		t.Errorf("no answer: step %+v, %d calls", step, len(tr.Calls))
	}
	if want := "answer: \"yes\" (sample)"; !strings.Contains(tr.Format(), want) {
		t.Errorf("the transcript does not say %q:\n%s", want, tr.Format())
	}
}

func TestConfirmNoEnds(t *testing.T) {
	bot := load(t, "delete_customer")
	for _, answer := range []string{"no", "N", "nope."} {
		// No server: a call would fail the run.
		tr := mustRun(t, bot, Options{
			Entities: map[string]string{"customer": "cus_123", "deleteCustomerConfirm": answer},
			Env:      map[string]string{"stripe_base_url": "http://127.0.0.1:1", "stripe_api_key": testKey},
		})
		if !tr.Ended || len(tr.Calls) != 0 || len(tr.Messages) != 1 || tr.Messages[0] != "Nothing was deleted." {
			t.Errorf("answer %q:\n%s", answer, tr.Format())
		}
	}
}

func TestConfirmRejectsOtherAnswers(t *testing.T) {
	tr, err := run(t, load(t, "delete_customer"), Options{
		Entities: map[string]string{"deleteCustomerConfirm": "maybe"},
		Env:      map[string]string{"stripe_base_url": "http://127.0.0.1:1"},
	})
	want := `dialog "Delete a Customer": dialogAct node dialogAct3 (deleteCustomerConfirm): "maybe" is neither yes (yes, y, yeah, ok, sure) nor no (no, n, nope)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if len(tr.Calls) != 0 {
		t.Errorf("a call was made: %+v", tr.Calls)
	}
}

// A confirmation is answered by name as an entity is; a misspelt name is
// an error that lists it.
func TestConfirmIsAnswerable(t *testing.T) {
	_, err := run(t, load(t, "delete_customer"), Options{Entities: map[string]string{"deleteCustomerConfirn": "no"}})
	var unknown *UnknownEntityError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), `did you mean "deleteCustomerConfirm"?`) ||
		!strings.Contains(err.Error(), `its entities are "customer", "deleteCustomerConfirm"`) {
		t.Errorf("err = %v", err)
	}
}

// Only a confirmation has an answer to test.
func TestDialogActConditionElsewhere(t *testing.T) {
	bot := load(t, "delete_customer")
	m := newMachine(t.Context(), bot, bot.dialogs[0], Options{})
	m.node = bot.dialogs[0].nodes["service4"]
	yes := "yes"
	if _, err := m.test(&exportCondition{DialogAct: &yes}); err == nil || !strings.Contains(err.Error(), "outside a confirmation node") {
		t.Errorf("err = %v", err)
	}
}

// writtenConfirmBot is the export kore writes for a dialog with a
// confirmation before a DELETE.
func writtenConfirmBot(t *testing.T) *Bot {
	t.Helper()
	b := &ir.Bot{
		Label:   "delete_bot",
		EnvVars: []ir.EnvVar{{Key: "stripe_base_url", Value: "https://api.stripe.com"}, {Key: "stripe_api_key", Secured: true}},
		Dialogs: []ir.Dialog{{
			Key: "delete_customer", Name: "Delete a Customer", Utterances: []string{"delete a customer"},
			Nodes: []ir.Node{
				{Name: "deleteCustomer", Type: ir.NodeIntent, Transitions: []ir.Transition{{To: "customer"}}},
				{Name: "customer", Type: ir.NodeEntity, Entity: &ir.Entity{Type: "label", Prompt: "Which customer?", ErrorPrompt: "An id, please."},
					Transitions: []ir.Transition{{To: "deleteCustomerScript"}}},
				{Name: "deleteCustomerScript", Type: ir.NodeScript,
					Script:      "context.deleteCustomerId = encodeURIComponent(String(context.entities.customer).trim());",
					Transitions: []ir.Transition{{To: "deleteCustomerConfirm"}}},
				{Name: "deleteCustomerConfirm", Type: ir.NodeConfirm, Confirmation: "Delete customer {{context.entities.customer}}?",
					Transitions: []ir.Transition{
						{If: &ir.Condition{DialogAct: ir.DialogActYes}, To: "deleteCustomerService"},
						{If: &ir.Condition{DialogAct: ir.DialogActNo}, To: "deleteCustomerCancelled"},
					}},
				{Name: "deleteCustomerService", Type: ir.NodeService, Service: &ir.Service{
					Method:  "delete",
					URL:     "{{env.stripe_base_url}}/v1/customers/{{context.deleteCustomerId}}",
					Headers: []ir.Header{{Name: "Authorization", Value: "Bearer {{env.stripe_api_key}}"}},
				}, Transitions: []ir.Transition{
					{If: &ir.Condition{Context: "context.deleteCustomerService.response.statusCode", Op: "eq", Value: "200"}, To: "customerDeleted"},
					{To: "deleteCustomerFailed"},
				}},
				{Name: "customerDeleted", Type: ir.NodeMessage, Message: "Deleted customer {{context.deleteCustomerService.response.body.id}}.", Transitions: []ir.Transition{{}}},
				{Name: "deleteCustomerCancelled", Type: ir.NodeMessage, Message: "Nothing was deleted.", Transitions: []ir.Transition{{}}},
				{Name: "deleteCustomerFailed", Type: ir.NodeMessage, Message: "Failed.", Transitions: []ir.Transition{{}}},
			},
		}},
	}
	x, err := kore.Encode(b)
	if err != nil {
		t.Fatal(err)
	}
	bot, err := Parse(x.BotDefinition, x.Config)
	if err != nil {
		t.Fatal(err)
	}
	return bot
}
