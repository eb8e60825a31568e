package kore

import "github.com/xoc-dev/xoc/compiler/ir"

// sampleBot is a bot that uses every feature of the IR: all node types,
// conditional and unconditional transitions, a confirmation's two answers,
// an auth profile, plain and secured env variables, texts that need
// encoding, both kinds of service URL, and a DELETE whose path refers to a
// context variable.
func sampleBot() *ir.Bot {
	return &ir.Bot{
		Label:       "payments_assistant",
		Name:        "Payments Assistant",
		Description: "Takes payments & manages customers in Stripe",
		Language:    "en",
		EnvVars: []ir.EnvVar{
			{Key: "stripe_base_url", Value: "https://api.stripe.com", Hint: "Stripe API base URL"},
			{Key: "stripe_api_key", Hint: "Stripe secret or restricted key", Secured: true},
		},
		AuthProfiles: []ir.AuthProfile{{
			Name:                  "stripe_end_user",
			Description:           "Each end user signs in with their own Stripe key",
			BaseURL:               "https://api.stripe.com",
			AuthorizationCheckURL: "https://api.stripe.com/v1/balance",
		}},
		Dialogs: []ir.Dialog{
			{
				Key:         "create_customer",
				Name:        "Create a Customer",
				Description: "Creates a customer in Stripe",
				Utterances:  []string{"create a customer", "add a new customer", "create a customer"},
				Nodes: []ir.Node{
					{Name: "createCustomer", Type: ir.NodeIntent, Transitions: []ir.Transition{{To: "name"}}},
					{Name: "name", Type: ir.NodeEntity, Entity: &ir.Entity{
						Type: "person_name", Prompt: "What is the customer's name?", ErrorPrompt: "Please give a name, such as Smith & Sons.",
					}, Transitions: []ir.Transition{{To: "email"}}},
					{Name: "email", Type: ir.NodeEntity, Entity: &ir.Entity{
						Type: "email", Prompt: "What is their email address?", ErrorPrompt: "That does not look like an email address.",
					}, Transitions: []ir.Transition{{To: "buildCreateCustomerBody"}}},
					{Name: "buildCreateCustomerBody", Type: ir.NodeScript,
						Script:      "function jsonText(v) { var s = JSON.stringify(String(v)); return s.slice(1, -1); }\ncontext.createCustomerName = jsonText(context.entities.name);\ncontext.createCustomerEmail = jsonText(context.entities.email);",
						Transitions: []ir.Transition{{To: "createCustomerService"}}},
					{Name: "createCustomerService", Type: ir.NodeService, Service: &ir.Service{
						Method: "POST",
						URL:    "{{env.stripe_base_url}}/v1/customers",
						Headers: []ir.Header{
							{Name: "Authorization", Value: "Bearer {{env.stripe_api_key}}"},
							{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
						},
						Form: []ir.Param{
							{Name: "name", Value: "{{context.createCustomerName}}"},
							{Name: "email", Value: "{{context.createCustomerEmail}}"},
							{Name: "description", Value: "Created by the bot: 100% <automatic> & \"quoted\""},
						},
						SampleResponse: []byte(`{"id": "cus_123", "object": "customer", "name": "Jane <Doe>"}`),
					}, Transitions: []ir.Transition{
						{If: &ir.Condition{Context: "context.createCustomerService.response.statusCode", Op: "eq", Value: "200"}, To: "customerCreated"},
						{To: "createCustomerFailed"},
					}},
					{Name: "customerCreated", Type: ir.NodeMessage,
						Message:     "Created customer {{context.createCustomerService.response.body.id}} for {{context.entities.name}} 🎉",
						Transitions: []ir.Transition{{}}},
					{Name: "createCustomerFailed", Type: ir.NodeMessage,
						Message:     "Stripe said: {{context.createCustomerService.response.body.error.message}}",
						Transitions: []ir.Transition{{}}},
				},
			},
			{
				Key:         "list_invoices",
				Name:        "List Invoices",
				Description: "Lists invoices <by status>",
				Utterances:  []string{"list invoices", "show my invoices"},
				Nodes: []ir.Node{
					{Name: "listInvoices", Type: ir.NodeIntent, Transitions: []ir.Transition{{To: "status"}}},
					{Name: "status", Type: ir.NodeEntity, Entity: &ir.Entity{
						Type: "list_of_values", Prompt: "Which invoices: draft, open or paid?", ErrorPrompt: "Please pick draft, open or paid.",
						AllowedValues: []string{"draft", "open", "paid"},
					}, Transitions: []ir.Transition{{To: "limit"}}},
					{Name: "limit", Type: ir.NodeEntity, Entity: &ir.Entity{
						Type: "number", Prompt: "How many?\nUp to 100.", ErrorPrompt: "Café crème 25% off is not a number.",
					}, Transitions: []ir.Transition{{To: "since"}}},
					{Name: "since", Type: ir.NodeEntity, Entity: &ir.Entity{
						Type: "date", Prompt: "Since when?", ErrorPrompt: "Please give a date, such as 31 December.",
					}, Transitions: []ir.Transition{{To: "listInvoicesService"}}},
					{Name: "listInvoicesService", Type: ir.NodeService, Service: &ir.Service{
						Method:         "get",
						URL:            "https://api.stripe.com:443/v1/invoices?status={{context.entities.status}}&limit={{context.entities.limit}}",
						AuthProfile:    "stripe_end_user",
						TimeoutSeconds: 30,
					}, Transitions: []ir.Transition{
						{If: &ir.Condition{Context: "context.listInvoicesService.response.statusCode", Op: "eq", Value: "200"}, To: "formatInvoices"},
						{To: "listInvoicesFailed"},
					}},
					{Name: "formatInvoices", Type: ir.NodeScript,
						Script:      "var list = context.listInvoicesService.response.body.data || [];\ncontext.invoiceLines = list.slice(0, 5).map(function (i) { return i.id + ' ' + i.status; }).join('\\n');",
						Transitions: []ir.Transition{{To: "invoicesListed"}}},
					{Name: "invoicesListed", Type: ir.NodeMessage, Message: "Your invoices:\n{{context.invoiceLines}}"},
					{Name: "listInvoicesFailed", Type: ir.NodeMessage,
						Message:     "Stripe said: {{context.listInvoicesService.response.body.error.message}}",
						Transitions: []ir.Transition{{}}},
				},
			},
			{
				Key:         "delete_customer",
				Name:        "Delete a Customer",
				Description: "Deletes a customer in Stripe, once confirmed",
				Utterances:  []string{"delete a customer", "remove a customer"},
				Nodes: []ir.Node{
					{Name: "deleteCustomer", Type: ir.NodeIntent, Transitions: []ir.Transition{{To: "customer"}}},
					{Name: "customer", Type: ir.NodeEntity, Entity: &ir.Entity{
						Type: "label", Prompt: "Which customer (cus_…)?", ErrorPrompt: "Please give a customer id.",
					}, Transitions: []ir.Transition{{To: "deleteCustomerScript"}}},
					{Name: "deleteCustomerScript", Type: ir.NodeScript,
						Script:      "context.deleteCustomerId = encodeURIComponent(String(context.entities.customer).trim());",
						Transitions: []ir.Transition{{To: "deleteCustomerConfirm"}}},
					{Name: "deleteCustomerConfirm", Type: ir.NodeConfirm,
						Confirmation: "Delete customer {{context.entities.customer}}? This cannot be undone.",
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
					{Name: "customerDeleted", Type: ir.NodeMessage,
						Message:     "Deleted customer {{context.deleteCustomerService.response.body.id}}.",
						Transitions: []ir.Transition{{}}},
					{Name: "deleteCustomerCancelled", Type: ir.NodeMessage, Message: "Nothing was deleted.",
						Transitions: []ir.Transition{{}}},
					{Name: "deleteCustomerFailed", Type: ir.NodeMessage,
						Message:     "Stripe said: {{context.deleteCustomerService.response.body.error.message}}",
						Transitions: []ir.Transition{{}}},
				},
			},
		},
	}
}
