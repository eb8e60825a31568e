package catalog

// samples.json holds, for each Stripe call of the templates, the body of a
// 200 answer as stripe-mock gives it, so an export can show a realistic
// response without calling Stripe. It is derived from stripe-mock's own
// fixtures at the version tools/go.mod pins: regenerate it after bumping
// stripe-mock or adding a call, or TestSamplesAreFresh fails.
//
//go:generate go run gen_samples.go

// internal/stripeapi/api.json summarizes Stripe's API (paths, methods,
// parameters, the values they take) from stripe-mock's OpenAPI spec at the
// same version, so template calls are checked at build time without the
// module cache; TestAPIIsFresh holds it to the spec.
//
//go:generate go run ./internal/stripeapi/gen.go internal/stripeapi/api.json
