package ir

// StripeBaseURLEnvVar is the env variable of a bot with a Stripe action
// that holds the Stripe API base URL every service node's URL starts with.
// It is part of the contract between the lowering stage, which declares
// it, and whoever runs an export: the runner sets it to send a run's calls
// to another server (stripe-mock, say) without touching the dialogs.
const StripeBaseURLEnvVar = "stripe_base_url"
