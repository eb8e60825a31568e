package platform

import (
	"context"
	"encoding/json"
	"fmt"
)

// DefaultImportOptions is the importOptions of an import into an
// existing bot, when the bot's configuration names none: what an xoc
// export describes, and nothing it leaves at the platform's defaults.
//   - tasks: the dialog tasks (botTask);
//   - nlpData: the training utterances and NLP settings; utterances
//     replace the bot's own, so one removed from the HCL is removed on
//     the platform too;
//   - settings: the bot's settings (name, description, language) and its
//     env variables (botVariables).
//
// Synonyms, standard responses, the default dialog and the IVR settings
// are left out: an export from xoc holds only their defaults, which
// would overwrite what was set in the platform.
var DefaultImportOptions = json.RawMessage(`{"tasks":["botTask"],"nlpData":["training_data","nlpSettings"],"settings":["botSettings","botVariables"],"options":{"utterances":{"append":false,"replace":true}}}`)

// Bundle is the export of one bot, as deploy sends it.
type Bundle struct {
	// Files are the export's files by name: botDefinition.json,
	// config.json and icon.png.
	Files map[string][]byte
}

// DeployOptions say where and how a bundle is imported.
type DeployOptions struct {
	// BotID is the bot to import into; "" imports as a new bot.
	BotID string
	// ImportOptions is the importOptions of an import into a bot;
	// nil means DefaultImportOptions.
	ImportOptions json.RawMessage
	// Publish publishes the bot once the import succeeded, with
	// VersionComment.
	Publish        bool
	VersionComment string
}

// DeployResult is what a deploy did, as far as it got.
type DeployResult struct {
	// BotID is the bot imported into: for a new bot, the id the
	// platform assigned.
	BotID  string
	NewBot bool
	// Import is the import's last status.
	Import ImportStatus
	// Published reports that the bot was published.
	Published bool
}

// Deploy uploads a bundle, imports it as a new bot or into one, waits
// for the import to end and, if asked, publishes the bot. The result
// holds what was done even when err is not nil.
//
// The requests, in order: one upload per file (the definition, the
// config, and for a new bot the icon: an import into a bot takes none),
// the import, its status until it ends, and the publish.
func (c *Client) Deploy(ctx context.Context, b Bundle, o DeployOptions) (*DeployResult, error) {
	res := &DeployResult{BotID: o.BotID, NewBot: o.BotID == ""}
	def, ok := b.Files[DefinitionFile]
	if !ok {
		return res, fmt.Errorf("the export has no %s", DefinitionFile)
	}
	cfg, ok := b.Files[ConfigFile]
	if !ok {
		return res, fmt.Errorf("the export has no %s", ConfigFile)
	}
	req := ImportRequest{BotID: o.BotID, Options: o.ImportOptions}
	var err error
	if req.Definition, err = c.Upload(ctx, DefinitionFile, def); err != nil {
		return res, err
	}
	if req.Config, err = c.Upload(ctx, ConfigFile, cfg); err != nil {
		return res, err
	}
	if res.NewBot {
		icon, ok := b.Files[IconFile]
		if !ok {
			return res, fmt.Errorf("the export has no %s, which an import as a new bot needs", IconFile)
		}
		if req.Icon, err = c.Upload(ctx, IconFile, icon); err != nil {
			return res, err
		}
	} else if len(req.Options) == 0 {
		req.Options = DefaultImportOptions
	}
	started, err := c.StartImport(ctx, req)
	res.Import = started
	if err != nil {
		return res, err
	}
	st, err := c.WaitImport(ctx, started.ID, o.BotID)
	res.Import = st
	if res.NewBot && st.BotID != "" {
		res.BotID = st.BotID
	}
	if err != nil {
		return res, err
	}
	if res.BotID == "" {
		return res, &APIError{Op: "import " + st.ID, Method: "GET", URL: c.display("/api/public/bot/import/status/" + st.ID),
			Message: "the import succeeded, but its status names no botId"}
	}
	if !ValidBotID(res.BotID) && !c.opts.DryRun {
		return res, &APIError{Op: "import " + st.ID, Method: "GET", URL: c.display("/api/public/bot/import/status/" + st.ID),
			Message: fmt.Sprintf("the import's botId %q is not a bot id (st-…)", res.BotID)}
	}
	if o.Publish {
		if err := c.Publish(ctx, res.BotID, o.VersionComment); err != nil {
			return res, err
		}
		res.Published = true
	}
	return res, nil
}
