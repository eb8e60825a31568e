package benchws

import (
	"fmt"
	"strings"
)

// GenerateDistinct writes a workspace of n distinct bots into dir,
// creating it if needed; bot folders already in dir are overwritten. Its
// bots are laid out as Generate's (BotDir, Label, pre_authorized and
// user_authorized in turn, one in three in *.xo.json) but each of them
// customises every template it installs: its own dialog_name and
// utterances, the prompt and error_prompt of every entity, and every
// option the template has (currency, limit, status). Every such text
// names the bot's own company (Company), so no two bots share a dialog
// task, a dialog name, an utterance or a prompt. The same n always gives
// byte-identical files.
func GenerateDistinct(dir string, n int) error {
	return generate(dir, n, DistinctFiles)
}

// DistinctFiles returns the configuration files of the distinct bot i by
// name.
func DistinctFiles(i int) map[string][]byte {
	return distinctBot(i).files()
}

// distinctBot is GenerateDistinct's bot i: every text of it names its
// own company.
func distinctBot(i int) bot {
	company := Company(i)
	return bot{
		index:             i,
		title:             fmt.Sprintf("Distinct benchmark bot %d", i),
		name:              "${local.company} Assistant",
		description:       fmt.Sprintf("Takes payments and manages the customers and invoices of %s (bot %d)", company, i),
		owner:             company,
		ownerLocal:        "company",
		apiKeyDescription: "Stripe secret or restricted key of " + company,
		invoiceCurrency:   pick(currencies, i/2),
		action:            distinctAction(i),
	}
}

// Company is the name of the company the distinct bot i works for, such
// as "Dubemo Bakery": a made-up word of syllables, different for every i,
// and a kind of business.
func Company(i int) string {
	return companyWord(i) + " " + pick(kinds, i)
}

// companyWord spells i as syllables of two letters each, at least three
// of them, so that different i never give the same word. The lowest
// three are scrambled, so that neighbouring bots do not look alike.
func companyWord(i int) string {
	const base = len(consonants) * len(vowels)
	const low = base * base * base
	var b strings.Builder
	syllable := func(d int) {
		b.WriteByte(consonants[d/len(vowels)])
		b.WriteByte(vowels[d%len(vowels)])
	}
	// 7919 is prime to base, so this is a permutation of [0, low).
	x := (i%low*7919 + 12345) % low
	for range 3 {
		syllable(x % base)
		x /= base
	}
	for hi := i / low; hi > 0; hi /= base {
		syllable(hi % base)
	}
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

const (
	consonants = "bdfgklmnprstvz"
	vowels     = "aeiou"
)

var kinds = []string{"Bakery", "Outfitters", "Dental", "Logistics", "Studio", "Garden Centre", "Books", "Cycles", "Roasters", "Analytics", "Pet Care"}

// texts are the ways of saying one thing, each a format taking the
// company's name (%[1]s); a bot uses the one its index picks.
type texts []string

func (t texts) say(i int, company string) string { return fmt.Sprintf(pick(t, i), company) }

// dialogText is how the bots customise one template: a dialog name,
// utterances (a bot takes five to eight of them, starting at one its
// index picks) and, by entity name, a prompt and an error prompt.
type dialogText struct {
	dialogName texts
	utterances []string
	prompts    map[string][2]texts
	// entityOrder is the order of prompts' entities in the file.
	entityOrder []string
}

// The dialog texts of the five templates. %[1]s is the company's name.
var distinctTexts = map[string]dialogText{
	"create_customer": {
		dialogName: texts{"Add a %[1]s customer", "Register a customer of %[1]s", "New %[1]s client"},
		utterances: []string{
			"add a customer to %[1]s", "register a new %[1]s client", "create a %[1]s customer",
			"sign up a customer for %[1]s", "I want to add someone to %[1]s", "new customer at %[1]s",
			"set up a %[1]s customer account", "put a client on the %[1]s books",
		},
		entityOrder: []string{"name", "email", "phone"},
		prompts: map[string][2]texts{
			"name": {
				{"What is the full name of the new %[1]s customer?", "Whom should %[1]s register? Their full name, please."},
				{"%[1]s needs a name such as Jane Doe.", "Please give the customer's name for %[1]s, such as Jane Doe."},
			},
			"email": {
				{"Which email address should %[1]s write to?", "What is their email address for %[1]s?"},
				{"That is not an email address %[1]s can use; try jane@example.com.", "Please give an email address such as jane@example.com for %[1]s."},
			},
			"phone": {
				{"Which phone number should %[1]s keep for them?", "How can %[1]s reach them by phone?"},
				{"%[1]s needs a phone number with its country code, such as +44 20 7946 0958.", "Please give a phone number for %[1]s with its country code, such as +1 415 555 0100."},
			},
		},
	},
	"list_customers": {
		dialogName: texts{"%[1]s customers", "Show the customers of %[1]s", "Who buys from %[1]s"},
		utterances: []string{
			"list the %[1]s customers", "who are the customers of %[1]s", "show me %[1]s clients",
			"get all %[1]s customers", "which customers does %[1]s have", "%[1]s customer list",
			"show everyone who buys from %[1]s", "list clients of %[1]s",
		},
	},
	"create_invoice": {
		dialogName: texts{"Invoice a %[1]s customer", "Bill for %[1]s", "New %[1]s invoice"},
		utterances: []string{
			"send a %[1]s invoice", "bill a customer of %[1]s", "invoice a client for %[1]s",
			"make a new invoice at %[1]s", "I need to invoice for %[1]s", "raise a %[1]s invoice",
			"charge a %[1]s client by invoice", "create an invoice for %[1]s",
		},
		entityOrder: []string{"name", "email", "phone", "dueDate", "productName", "productQuantity", "unitAmount"},
		prompts: map[string][2]texts{
			"name": {
				{"Whom should %[1]s bill? Their full name, please.", "Who is this %[1]s invoice for?"},
				{"Please give a name such as Jane Doe for the %[1]s invoice.", "%[1]s needs the customer's name, such as Jane Doe."},
			},
			"email": {
				{"Where should %[1]s email the invoice?", "Which email address gets the %[1]s invoice?"},
				{"%[1]s cannot send to that; give an address such as jane@example.com.", "Please give an email address such as jane@example.com for %[1]s."},
			},
			"phone": {
				{"What phone number should %[1]s put on the invoice?", "Which phone number does %[1]s have for them?"},
				{"%[1]s needs a phone number with its country code, such as +33 1 23 45 67 89.", "Please give a phone number for %[1]s such as +1 415 555 0100."},
			},
			"dueDate": {
				{"By when must the %[1]s invoice be paid?", "When is the %[1]s invoice due?"},
				{"%[1]s needs a date, such as 31 December.", "Please give a due date for %[1]s, such as 15 March 2027."},
			},
			"productName": {
				{"What did %[1]s sell them?", "Which %[1]s product or service is it for?"},
				{"Please name the %[1]s product in a few words.", "%[1]s needs a short description of what was sold."},
			},
			"productQuantity": {
				{"How many did they take from %[1]s?", "How many units should %[1]s bill?"},
				{"%[1]s bills whole units; please give a number such as 3.", "Please give a whole number of units for %[1]s, such as 2."},
			},
			"unitAmount": {
				{"What does %[1]s charge for one unit, for example 12.50?", "What is the %[1]s unit price?"},
				{"%[1]s needs a price such as 12.50.", "Please give the unit price for %[1]s, such as 99.90."},
			},
		},
	},
	"list_invoices": {
		dialogName: texts{"%[1]s invoices", "Show the invoices of %[1]s", "Open bills at %[1]s"},
		utterances: []string{
			"list the %[1]s invoices", "show me the invoices of %[1]s", "which invoices has %[1]s sent",
			"get all %[1]s invoices", "%[1]s invoice list", "what does %[1]s still have to collect",
			"show %[1]s bills", "list invoices for %[1]s",
		},
	},
	"create_payment_intent": {
		dialogName: texts{"Take a %[1]s payment", "Charge for %[1]s", "New %[1]s payment"},
		utterances: []string{
			"take a payment for %[1]s", "charge a %[1]s customer", "start a %[1]s payment",
			"collect money for %[1]s", "I want to get paid by a %[1]s client", "new %[1]s payment intent",
			"create a payment at %[1]s", "bill a card for %[1]s",
		},
		entityOrder: []string{"currency", "amount", "customer"},
		prompts: map[string][2]texts{
			"currency": {
				{"In which currency should %[1]s charge?", "Which currency is the %[1]s payment in?"},
				{"%[1]s takes USD, EUR, GBP, CAD, AUD, CHF, NZD, SGD or INR.", "Please choose a currency %[1]s accepts: USD, EUR, GBP, CAD, AUD, CHF, NZD, SGD or INR."},
			},
			"amount": {
				{"How much should %[1]s charge, for example 12.50?", "What amount is the %[1]s payment?"},
				{"%[1]s needs an amount such as 12.50.", "Please give an amount for %[1]s, such as 49.99."},
			},
			"customer": {
				{"Which Stripe customer (cus_...) pays %[1]s?", "What is the Stripe customer id at %[1]s?"},
				{"%[1]s needs a customer id such as cus_NffrFeUfNV2Hib.", "Please give a customer id for %[1]s that starts with cus_."},
			},
		},
	},
}

// distinctTemplateOrder is the order the templates are installed in.
var distinctTemplateOrder = []string{"create_customer", "list_customers", "create_invoice", "list_invoices", "create_payment_intent"}

func distinctAction(i int) action {
	company := Company(i)
	a := action{user: userAuthorized(i)}
	for k, name := range distinctTemplateOrder {
		dt := distinctTexts[name]
		j := i + k // so that the templates of one bot pick differently
		t := template{name: name, dialogName: dt.dialogName.say(j, company)}
		start, count := j%len(dt.utterances), 5+j%4
		for u := range count {
			t.utterances = append(t.utterances, fmt.Sprintf(dt.utterances[(start+u)%len(dt.utterances)], company))
		}
		for e, entity := range dt.entityOrder {
			p := dt.prompts[entity]
			t.entities = append(t.entities, entityOverride{entity, p[0].say(j+e, company), p[1].say(j/2+e, company)})
		}
		t.options = distinctOptions(name, i)
		a.templates = append(a.templates, t)
	}
	return a
}

// distinctOptions sets every option of the template, each bot its own
// way.
func distinctOptions(template string, i int) []option {
	switch template {
	case "create_invoice":
		if i%4 == 3 { // the currency literally; the others through a variable
			c := pick(currencies, i/4)
			return []option{{name: "currency", hclExpr: fmt.Sprintf("%q", c), json: c}}
		}
		return []option{{name: "currency", hclExpr: "var.invoice_currency", json: "${var.invoice_currency}"}}
	case "list_customers":
		limit := 5 + i%96
		return []option{{name: "limit", hclExpr: fmt.Sprint(limit), json: limit}}
	case "list_invoices":
		limit := 100 - i%90
		s := pick(statuses, i/3)
		return []option{
			{name: "limit", hclExpr: fmt.Sprint(limit), json: limit},
			{name: "status", hclExpr: fmt.Sprintf("%q", s), json: s},
		}
	}
	return nil
}
