package review

import "github.com/xoc-dev/xoc/compiler/ir"

// The sample bots the page tests render.

// serviceNode builds a service node with the transitions every call has:
// 200 to ok, anything else to fail.
func serviceNode(name string, s ir.Service, ok, fail string) ir.Node {
	return ir.Node{Name: name, Type: ir.NodeService, Service: &s, Transitions: []ir.Transition{
		{If: &ir.Condition{Context: "context." + name + ".response.statusCode", Op: "eq", Value: "200"}, To: ok},
		{To: fail},
	}}
}

func next(to string) []ir.Transition { return []ir.Transition{{To: to}} }

// preAuthorizedSample is a bot with every node type, three kinds of
// request body, a query string, conditions other than a status code, and a
// confirmation before a DELETE whose path refers to a context variable.
func preAuthorizedSample() *ir.Bot {
	auth := ir.Header{Name: "Authorization", Value: "Bearer {{env.stripe_api_key}}"}
	form := ir.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}
	return &ir.Bot{
		Label:       "shop_assistant",
		Name:        "Shop Assistant",
		Description: "Signs up customers and refunds orders in Stripe",
		Language:    "en",
		EnvVars: []ir.EnvVar{
			{Key: "stripe_api_key", Hint: "Stripe secret or restricted API key", Secured: true},
			{Key: "stripe_base_url", Value: "https://api.stripe.com", Hint: "Stripe API base URL"},
		},
		Dialogs: []ir.Dialog{
			{
				Key:         "create_customer",
				Name:        "Create a Customer",
				Description: "Creates a customer from a name and a plan.",
				Utterances:  []string{"create a customer", "add a *new* customer"},
				Nodes: []ir.Node{
					{Name: "createCustomer", Type: ir.NodeIntent, Transitions: next("name")},
					{Name: "name", Type: ir.NodeEntity, Entity: &ir.Entity{Type: "person_name", Prompt: "What is the customer's full name?", ErrorPrompt: "Please enter a name, such as Jane Doe."}, Transitions: next("plan")},
					{Name: "plan", Type: ir.NodeEntity, Entity: &ir.Entity{Type: "list_of_values", Prompt: "Which plan: basic or pro?", ErrorPrompt: "Please choose basic or pro.", AllowedValues: []string{"basic", "pro"}}, Transitions: next("createCustomerScript")},
					{Name: "createCustomerScript", Type: ir.NodeScript, Script: "context.createCustomerName = JSON.stringify(context.entities.name).slice(1, -1);\ncontext.createCustomerPlan = JSON.stringify(context.entities.plan).slice(1, -1);\n", Transitions: next("createCustomerService")},
					serviceNode("createCustomerService", ir.Service{Method: "post", URL: "{{env.stripe_base_url}}/v1/customers", Headers: []ir.Header{auth, form}, Form: []ir.Param{{Name: "name", Value: "{{context.createCustomerName}}"}, {Name: "metadata[plan]", Value: "{{context.createCustomerPlan}}"}}, TimeoutSeconds: 20}, "createCustomerMessage", "createCustomerFailureMessage"),
					{Name: "createCustomerMessage", Type: ir.NodeMessage, Message: "Customer {{context.createCustomerService.response.body.id}} created for {{context.entities.name}}.", Transitions: next("")},
					{Name: "createCustomerFailureMessage", Type: ir.NodeMessage, Message: "Stripe could not create the customer:\n{{context.createCustomerService.response.body.error.message}}", Transitions: next("")},
				},
			},
			{
				Key:        "list_customers",
				Name:       "List customers",
				Utterances: []string{"list customers"},
				Nodes: []ir.Node{
					{Name: "listCustomers", Type: ir.NodeIntent, Transitions: next("count")},
					{Name: "count", Type: ir.NodeEntity, Entity: &ir.Entity{Type: "number", Prompt: "How many?", ErrorPrompt: "Please give a number."}, Transitions: []ir.Transition{
						{If: &ir.Condition{Context: "context.entities.count", Op: "gt", Value: "100"}, To: "tooManyMessage"},
						{To: "listCustomersService"},
					}},
					{Name: "tooManyMessage", Type: ir.NodeMessage, Message: "At most 100 at a time, please.", Transitions: next("")},
					serviceNode("listCustomersService", ir.Service{Method: "get", URL: "{{env.stripe_base_url}}/v1/customers?limit={{context.entities.count}}&created%5Bgt%5D=0&email=a%2Bb%40example.com", Headers: []ir.Header{auth}, TimeoutSeconds: 20}, "listCustomersScript", "listCustomersFailureMessage"),
					{Name: "listCustomersScript", Type: ir.NodeScript, Script: "var data = context.listCustomersService.response.body.data || [];\ncontext.listCustomersText = data.map(function (c) { return c.id; }).join(\"\\n\");", Transitions: next("listCustomersMessage")},
					{Name: "listCustomersMessage", Type: ir.NodeMessage, Message: "{{context.listCustomersText}}", Transitions: next("")},
					{Name: "listCustomersFailureMessage", Type: ir.NodeMessage, Message: "Stripe could not list the customers: {{context.listCustomersService.response.body.error.message}}", Transitions: next("")},
				},
			},
			{
				Key:        "refund",
				Name:       "Refund an order",
				Utterances: []string{"refund order #42"},
				Nodes: []ir.Node{
					{Name: "refund", Type: ir.NodeIntent, Transitions: next("refundService")},
					serviceNode("refundService", ir.Service{Method: "post", URL: "{{env.stripe_base_url}}/v1/refunds", Headers: []ir.Header{auth, form}, Form: []ir.Param{{Name: "payment_intent", Value: "pi_123"}, {Name: "reason", Value: "requested_by_customer"}, {Name: "metadata[note]", Value: "Refund for order #42 | 100%"}, {Name: "metadata[by]", Value: "{{context.refundedBy}}"}}, TimeoutSeconds: 20}, "refundNoteService", "refundFailureMessage"),
					serviceNode("refundNoteService", ir.Service{Method: "get", URL: "https://notes.example.com/api?note=refunded", TimeoutSeconds: 5}, "refundMessage", "refundFailureMessage"),
					{Name: "refundMessage", Type: ir.NodeMessage, Message: "Refund {{context.refundService.response.body.id}} is {{context.refundService.response.body.status}}.", Transitions: next("")},
					{Name: "refundFailureMessage", Type: ir.NodeMessage, Message: "The refund failed.", Transitions: next("")},
				},
			},
			{
				Key:        "delete_customer",
				Name:       "Delete a customer",
				Utterances: []string{"delete a customer"},
				Nodes: []ir.Node{
					{Name: "deleteCustomer", Type: ir.NodeIntent, Transitions: next("customer")},
					{Name: "customer", Type: ir.NodeEntity, Entity: &ir.Entity{Type: "label", Prompt: "Which customer (cus_…)?", ErrorPrompt: "Please give a customer id."}, Transitions: next("deleteCustomerScript")},
					{Name: "deleteCustomerScript", Type: ir.NodeScript, Script: "context.deleteCustomerId = encodeURIComponent(String(context.entities.customer).trim());\n", Transitions: next("deleteCustomerConfirm")},
					{Name: "deleteCustomerConfirm", Type: ir.NodeConfirm, Confirmation: "Delete customer {{context.entities.customer}}? This cannot be undone.", Transitions: []ir.Transition{
						{If: &ir.Condition{DialogAct: ir.DialogActYes}, To: "deleteCustomerService"},
						{If: &ir.Condition{DialogAct: ir.DialogActNo}, To: "deleteCustomerCancelledMessage"},
					}},
					serviceNode("deleteCustomerService", ir.Service{Method: "delete", URL: "{{env.stripe_base_url}}/v1/customers/{{context.deleteCustomerId}}", Headers: []ir.Header{auth}, TimeoutSeconds: 20}, "deleteCustomerMessage", "deleteCustomerFailureMessage"),
					{Name: "deleteCustomerMessage", Type: ir.NodeMessage, Message: "Deleted customer {{context.deleteCustomerService.response.body.id}}.", Transitions: next("")},
					{Name: "deleteCustomerFailureMessage", Type: ir.NodeMessage, Message: "Stripe could not delete the customer.", Transitions: next("")},
					{Name: "deleteCustomerCancelledMessage", Type: ir.NodeMessage, Message: "Nothing was deleted.", Transitions: next("")},
				},
			},
		},
	}
}

// userAuthorizedSample is a bot whose end users sign in through an auth
// profile.
func userAuthorizedSample() *ir.Bot {
	return &ir.Bot{
		Label:       "billing_self_service",
		Name:        "Billing Self-Service",
		Description: "Each account holder lists their own invoices",
		Language:    "en",
		EnvVars:     []ir.EnvVar{{Key: "stripe_base_url", Value: "https://api.stripe.com", Hint: "Stripe API base URL"}},
		AuthProfiles: []ir.AuthProfile{{
			Name:                  "stripe_end_user",
			Description:           "Each end user signs in with their own Stripe secret key",
			BaseURL:               "https://api.stripe.com",
			AuthorizationCheckURL: "https://api.stripe.com/v1/balance",
		}},
		Dialogs: []ir.Dialog{{
			Key:        "list_invoices",
			Name:       "List all invoices",
			Utterances: []string{"show my invoices"},
			Nodes: []ir.Node{
				{Name: "listAllInvoices", Type: ir.NodeIntent, Transitions: next("listAllInvoicesService")},
				serviceNode("listAllInvoicesService", ir.Service{Method: "get", URL: "{{env.stripe_base_url}}/v1/invoices?limit=5", Headers: []ir.Header{{Name: "Stripe-Version", Value: "2023-10-16"}}, AuthProfile: "stripe_end_user", TimeoutSeconds: 20}, "listAllInvoicesMessage", "listAllInvoicesFailureMessage"),
				{Name: "listAllInvoicesMessage", Type: ir.NodeMessage, Message: "You have {{context.listAllInvoicesService.response.body.data.length}} invoices.", Transitions: next("")},
				{Name: "listAllInvoicesFailureMessage", Type: ir.NodeMessage, Message: "Stripe said: {{context.listAllInvoicesService.response.body.error.message}}", Transitions: next("")},
			},
		}},
	}
}

// trickyNames are node and dialog names that could break Mermaid or
// Markdown: quotes, brackets, entity codes, HTML, directives, emoji,
// Mermaid keywords and names that sanitize to the same id.
var trickyNames = []string{
	`say "hi" [now] {x} (y) | z; ok`,
	`#quot; & #35; <b>bold</b> &amp;`,
	"%%{init: {'theme':'dark'}}%% `code` 😀 café",
	"end",
	"graph",
	"o",
	"x-y",
	"x y",
	"line\nbreak",
	"",
}

func trickySample() *ir.Bot {
	var nodes []ir.Node
	nodes = append(nodes, ir.Node{Name: "intent <one>", Type: ir.NodeIntent, Transitions: next(trickyNames[0])})
	for i, name := range trickyNames {
		to := ""
		if i+1 < len(trickyNames) {
			to = trickyNames[i+1]
		}
		types := []ir.NodeType{ir.NodeEntity, ir.NodeScript, ir.NodeService, ir.NodeMessage, "dialogAct"}
		n := ir.Node{Name: name, Type: types[i%len(types)], Transitions: []ir.Transition{
			{If: &ir.Condition{Context: "context.entities.x", Op: "cnt", Value: `"quoted" <v> & #1`}, To: "nowhere"},
			{To: to},
		}}
		switch n.Type {
		case ir.NodeEntity:
			n.Entity = &ir.Entity{Type: "label", Prompt: name, ErrorPrompt: "| pipes | and `ticks`", AllowedValues: []string{"a|b", "`c`"}}
		case ir.NodeScript:
			n.Script = "var s = \"```\";\ncontext.x = s;\n"
		case ir.NodeService:
			n.Service = &ir.Service{Method: "post", URL: "{{env.base}}/v1/x?q=" + "{{context.a + \"&\" + context.b}}&r=1", Headers: []ir.Header{{Name: "Content-Type", Value: ir.FormContentType}}, Form: []ir.Param{{Name: "a|b", Value: "{{context.missingBody}}"}}}
		case ir.NodeMessage:
			n.Message = "  1. <script>alert(1)</script> *not bold* _x_ [link](http://x) | $5 &amp; ~~no~~"
		}
		nodes = append(nodes, n)
	}
	return &ir.Bot{
		Label: "tricky",
		Name:  `Tricky "bot" <&>`,
		Dialogs: []ir.Dialog{
			{Key: "one", Name: "Entities", Nodes: nodes},
			{Key: "two", Name: "Entities", Nodes: []ir.Node{{Name: "lonely", Type: ir.NodeIntent}}},
		},
	}
}

func samples() map[string]*ir.Bot {
	return map[string]*ir.Bot{
		"pre_authorized":  preAuthorizedSample(),
		"user_authorized": userAuthorizedSample(),
		"tricky":          trickySample(),
	}
}
