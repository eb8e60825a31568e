package kore

import "github.com/xoc-dev/xoc/compiler/ir"

// Platform defaults of a new bot, as the newest reference export has them.
const (
	platformVersion   = "9.1.7" // environmentVersionInfo of every recent export
	botColor          = "#009dab"
	botCategoryID     = "451902a073c071463e2fe7f6" // the one category every real export has
	sessionInactiveMs = 900000
)

// taskFailureText is what the platform shows when a dialog fails in a way
// the dialog itself does not handle (a script error, for instance).
const taskFailureText = "Sorry, something went wrong and I had to stop this task. Please try again."

func (e *encoder) buildDefinition(b *ir.Bot) *botDefinition {
	def := e.buildShell(b)
	for i := range b.Dialogs {
		d := &b.Dialogs[i]
		if len(d.Nodes) == 0 {
			continue // reported by validate
		}
		dg, comps := e.buildDialog(d)
		def.Dialogs = append(def.Dialogs, dg)
		def.DialogComponents = append(def.DialogComponents, comps...)
		def.ExportOptions.SubTasks.Dialogs = append(def.ExportOptions.SubTasks.Dialogs, dg.ID)
		def.Sentences = append(def.Sentences, e.buildSentences(d, comps[0].ID)...)
	}
	e.setLocale(def, b, len(def.Sentences))
	return def
}

// buildShell returns botDefinition.json without its dialog tasks: the
// bot's settings and auth profiles, with dialogComponents, dialogs and
// sentences empty.
func (e *encoder) buildShell(b *ir.Bot) *botDefinition {
	botID := e.ids.botID()
	def := &botDefinition{
		ID:                  botID,
		RefID:               e.ids.botRef(),
		NotifyUserViaEmail:  true,
		Purpose:             "customer",
		Type:                "default",
		DefaultLanguage:     e.lang,
		SupportedLanguages:  []string{e.lang},
		LanguagePreferences: languagePreferences{Type: "perVolley"},
		LanguageConfigurations: map[string]languageConfig{
			e.lang: {Enabled: true},
		},
		Color: botColor,
		MultiLingualConfigurations: map[string]multiLingualConfig{
			e.lang: {NluLanguage: e.lang},
		},
		SBannerColor:          botColor,
		BBannerColor:          botColor,
		CategoryIDs:           []string{botCategoryID},
		IsNLEnabled:           true,
		InterruptsEnabled:     true,
		SessionInactiveTime:   sessionInactiveMs,
		SessionClosureProcess: 1,
		InterruptOptions: botInterruptOptions{
			InterruptsEnabled:  true,
			NumTasksToHold:     "1",
			Type:               optionMessage{Option: "developer"},
			HoldUxOptions:      optionMessage{Option: "discardCurrTaskNoNotify"},
			FaqBehaviour:       "respondAndResume",
			SmallTalkBehaviour: "respondAndResume",
			ShowAmbiguous:      true,
		},
		AssignAllChildBots: true,
		RecentBotLimit:     5,
		BotEvents: botEvents{TaskFailure: botEvent{
			Enabled: true,
			Action:  "showMsg",
			Script:  ".",
			Msg: []eventMessage{{
				StreamID:   botID,
				Channel:    "default",
				LocaleData: map[string]textLocale{e.lang: {Type: "basic", Text: EncodeURIComponent(taskFailureText)}},
			}},
		}},
		IdpConfigurations: []idpConfiguration{},
		DialogComponents:  []*component{},
		Dialogs:           []*dialog{},
		Sentences:         []sentence{},
		ExportOptions: exportOptions{
			Tasks:                     []string{"botTask", "knowledgeGraph", "smallTalk", "forms"},
			NlpData:                   []string{"nlpSettings", "utterances", "patterns", "standardResponses", "concepts", "synonyms", "traits", "traitRules"},
			Settings:                  []string{"botSettings", "botVariables", "ivrSettings", "genAIandLLMSettings"},
			SubTasks:                  exportSubTasks{Dialogs: []string{}},
			IncludeDependentTasks:     true,
			IncludeFormDependentTasks: true,
		},
		EnvironmentVersionInfo: platformVersion,
	}
	for _, p := range b.AuthProfiles {
		def.IdpConfigurations = append(def.IdpConfigurations, e.buildAuthProfile(p))
	}
	return def
}

// setLocale sets the bot's name, description and count of training
// utterances.
func (e *encoder) setLocale(def *botDefinition, b *ir.Bot, utterances int) {
	description := b.Description
	if description == "" {
		description = botName(b)
	}
	def.LocaleData = map[string]botLocale{e.lang: {
		Name:                botName(b),
		Description:         description,
		IsSmalltalkMigrated: true,
		NlMeta:              nlMeta{MLUtterances: utterances},
		ConfidenceConfigs:   platformConfidenceConfigs,
	}}
}

// buildSentences returns the training utterances of d's intent, whose
// component id is intentID. Repeated utterances are written once: they add
// nothing to training and would share an id.
func (e *encoder) buildSentences(d *ir.Dialog, intentID string) []sentence {
	var out []sentence
	seen := map[string]bool{}
	for _, u := range d.Utterances {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, sentence{
			ID:       e.ids.sentenceID(d.Key, u),
			TaskID:   intentID,
			Type:     "DialogIntent",
			TaskName: d.Name,
			Sentence: u,
			Language: e.lang,
		})
	}
	return out
}

// botName is the bot's display name, its label when it has none.
func botName(b *ir.Bot) string {
	if b.Name == "" {
		return b.Label
	}
	return b.Name
}
