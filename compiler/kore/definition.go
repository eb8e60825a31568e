package kore

import "encoding/json"

// botDefinition is botDefinition.json. Its keys are those of the newest
// reference export (platform 9.1.7, 2025), in its order, except:
//   - encryptedHash: how the platform computes it is unknown, and exports
//     without it (older ones) import; a fake one would be worse than none.
//   - defaultDialogId is null, as in the reference export that, like ours,
//     has no Fallback dialog for it to name.
//
// Collections and settings a generated bot does not use hold the empty or
// default values of the newest export. Platform data that real exports
// carry in bulk (the default synonym dictionary, stop words, small talk,
// NL engine settings, namespaces) is left empty: the platform fills in its
// defaults, and copying it would invent nothing useful but tie the export
// to one platform release.
type botDefinition struct {
	ID                         string                        `json:"_id"`
	RefID                      string                        `json:"refId"`
	NotifyUserViaEmail         bool                          `json:"notifyUserViaEmail"`
	Purpose                    string                        `json:"purpose"`
	HasUserEndpoint            bool                          `json:"hasUserEndpoint"`
	OffKoraConfirmation        bool                          `json:"offKoraConfirmation"`
	SkipMakeEditLinks          bool                          `json:"skipMakeEditLinks"`
	Type                       string                        `json:"type"`
	Variables                  emptyArray                    `json:"variables"`
	ShowInMp                   bool                          `json:"showInMp"`
	DefaultLanguage            string                        `json:"defaultLanguage"`
	SupportedLanguages         []string                      `json:"supportedLanguages"`
	LanguagePreferences        languagePreferences           `json:"languagePreferences"`
	StrictPII                  bool                          `json:"strict_pii"`
	LanguageConfigurations     map[string]languageConfig     `json:"languageConfigurations"`
	Channels                   emptyArray                    `json:"channels"`
	VNameSpace                 emptyArray                    `json:"vNameSpace"`
	KrVNameSpace               emptyArray                    `json:"krVNameSpace"`
	EvVNameSpace               emptyArray                    `json:"evVNameSpace"`
	Color                      string                        `json:"color"`
	EnableInputTranslation     bool                          `json:"enableInputTranslation"`
	MultiLingualConfigurations map[string]multiLingualConfig `json:"multiLingualConfigurations"`
	IsSmartAssist              bool                          `json:"isSmartAssist"`
	SBannerColor               string                        `json:"sBannerColor"`
	BBannerColor               string                        `json:"bBannerColor"`
	CategoryIDs                []string                      `json:"categoryIds"`
	Class                      emptyArray                    `json:"class"`
	Featured                   bool                          `json:"featured"`
	SendVcf                    bool                          `json:"sendVcf"`
	IsNLEnabled                bool                          `json:"isNLEnabled"`
	InterruptsEnabled          bool                          `json:"interruptsEnabled"`
	ExternalNluAdapters        emptyArray                    `json:"externalNluAdapters"`
	SessionInactiveTime        int                           `json:"sessionInactiveTime"`
	SessionClosureProcess      int                           `json:"sessionClosureProcess"`
	SkipSessionMessage         bool                          `json:"skipSessionMessage"`
	ClearAllAuthTokens         bool                          `json:"clearAllAuthTokens"`
	RunCustomScript            runCustomScript               `json:"runCustomScript"`
	IsDeflect                  bool                          `json:"isDeflect"`
	LanguagesToBeIgnored       emptyArray                    `json:"languagesToBeIgnored"`
	LocaleData                 map[string]botLocale          `json:"localeData"`
	InterruptOptions           botInterruptOptions           `json:"interruptOptions"`
	DetectMultiIntent          bool                          `json:"detectMultiIntent"`
	AssignAllChildBots         bool                          `json:"assignAllChildBots"`
	RecentBotLimit             int                           `json:"recentBotLimit"`
	IsCsMatchEnabled           bool                          `json:"isCsMatchEnabled"`
	DefaultDialogID            *string                       `json:"defaultDialogId"`
	BotSentimentEvents         emptyArray                    `json:"botSentimentEvents"`
	EnableNegativePatterns     bool                          `json:"enableNegativePatterns"`
	AdvancedNLSettings         emptyArray                    `json:"advancedNLSettings"`
	TranslationEngines         emptyArray                    `json:"translationEngines"`
	LLMConfiguration           emptyArray                    `json:"llmConfiguration"`
	PromptLibraries            emptyArray                    `json:"promptLibraries"`
	PreBuiltIntegrations       emptyArray                    `json:"preBuiltIntegrations"`
	BotEvents                  botEvents                     `json:"botEvents"`
	IdpConfigurations          []idpConfiguration            `json:"idpConfigurations"`
	Actions                    emptyArray                    `json:"actions"`
	Alerts                     emptyArray                    `json:"alerts"`
	Patterns                   emptyArray                    `json:"patterns"`
	DialogComponents           []*component                  `json:"dialogComponents"`
	Dialogs                    []*dialog                     `json:"dialogs"`
	Scenes                     emptyArray                    `json:"scenes"`
	SceneComponents            emptyArray                    `json:"sceneComponents"`
	WidgetThemes               emptyArray                    `json:"widgetThemes"`
	KnowledgeTasks             emptyArray                    `json:"knowledgeTasks"`
	SmallTalk                  emptyArray                    `json:"smallTalk"`
	Widgets                    emptyArray                    `json:"widgets"`
	Panels                     emptyArray                    `json:"panels"`
	Forms                      emptyArray                    `json:"forms"`
	UnexportedTasks            emptyArray                    `json:"unexportedTasks"`
	CustomDashboards           emptyArray                    `json:"customDashboards"`
	ParamMaps                  emptyArray                    `json:"paramMaps"`
	TaskDgParamMaps            emptyArray                    `json:"taskDgParamMaps"`
	Sentences                  []sentence                    `json:"sentences"`
	KoraResponses              emptyArray                    `json:"koraResponses"`
	CustomTemplates            emptyArray                    `json:"customTemplates"`
	MLParams                   emptyArray                    `json:"mlParams"`
	ContentVariables           emptyArray                    `json:"contentVariables"`
	Namespaces                 emptyArray                    `json:"namespaces"`
	ExportOptions              exportOptions                 `json:"exportOptions"`
	FeedbackSurveys            emptyArray                    `json:"feedbackSurveys"`
	EnvironmentVersionInfo     string                        `json:"environmentVersionInfo"`
	Traits                     emptyArray                    `json:"traits"`
}

type languagePreferences struct {
	Type string `json:"type"`
}

type languageConfig struct {
	Enabled bool `json:"enabled"`
}

type multiLingualConfig struct {
	NluLanguage         string `json:"nluLanguage"`
	InputTranslation    bool   `json:"inputTranslation"`
	ResponseTranslation bool   `json:"responseTranslation"`
}

type runCustomScript struct {
	Enable bool   `json:"enable"`
	Script string `json:"script"`
}

type botLocale struct {
	Name                string      `json:"name"`
	ErrorCodes          errorCodes  `json:"errorCodes"`
	Description         string      `json:"description"`
	IsSmalltalkMigrated bool        `json:"isSmalltalkMigrated"`
	NlMeta              nlMeta      `json:"nlMeta"`
	Keywords            emptyArray  `json:"keywords"`
	Synonyms            emptyObject `json:"synonyms"`
	// ConfidenceConfigs are the NLP engines' thresholds; always
	// platformConfidenceConfigs.
	ConfidenceConfigs json.RawMessage `json:"confidenceConfigs"`
}

// platformConfidenceConfigs are the thresholds of the machine-learning
// (ml), FAQ (faq), fundamental-meaning (cs) and ranking (rr) engines that
// every export declaring environmentVersionInfo carries: for each setting,
// the value most of the reference exports agree on, which is exactly
// medical-appointment's set (the conformance test derives and compares it).
var platformConfidenceConfigs = json.RawMessage(`[
	{"mode": "ml", "minThreshold": 0.3, "maxThreshold": 80, "isActive": true, "exactMatchThreshold": 95},
	{"mode": "faq", "minThreshold": 60, "maxThreshold": 80, "isActive": true, "taskMatchTolerance": 5,
	 "exactMatchThreshold": 95, "suggestionsCount": 3, "pathCoverage": 50, "longResponses": {"readMore": true},
	 "useBotSynonyms": false, "enPatternLemma": "wordnet"},
	{"mode": "cs", "minThreshold": 60, "maxThreshold": 80, "isActive": true, "wordCoverage": 60, "isFMThreshold": false},
	{"mode": "rr", "isActive": true, "threshold": 0, "minThreshold": 0, "maxThreshold": 0, "taskMatchTolerance": 2,
	 "isPreferDefinitiveMatch": true, "intentRescoring": true}
]`)

type errorCodes struct {
	PollError emptyArray `json:"pollError"`
}

// nlMeta counts the bot's NL training data.
type nlMeta struct {
	MLUtterances int `json:"mlUtterances"`
	Patterns     int `json:"patterns"`
	Synonyms     int `json:"synonyms"`
}

type botInterruptOptions struct {
	InterruptsEnabled  bool          `json:"interruptsEnabled"`
	NumTasksToHold     string        `json:"numTasksToHold"`
	Type               optionMessage `json:"type"`
	HoldUxOptions      optionMessage `json:"holdUxOptions"`
	FaqBehaviour       string        `json:"faqBehaviour"`
	SmallTalkBehaviour string        `json:"smallTalkBehaviour"`
	ShowAmbiguous      bool          `json:"showAmbiguous"`
}

type optionMessage struct {
	Option  string `json:"option"`
	Message string `json:"message"`
}

// botEvents holds the one event every real export configures.
type botEvents struct {
	TaskFailure botEvent `json:"TASK_FAILURE_EVENT"`
}

type botEvent struct {
	Enabled           bool           `json:"enabled"`
	Action            string         `json:"action"`
	Task              *string        `json:"task"`
	Script            string         `json:"script"`
	Msg               []eventMessage `json:"msg"`
	WelcomeIvrOptions emptyArray     `json:"welcomeIvrOptions"`
}

// eventMessage is a bot event's message. Real ones also carry the audit
// fields the platform stamps when a user saves (createdBy, createdOn, lMod,
// lModBy, __v); xoc has no user or time to put there and leaves them out.
type eventMessage struct {
	StreamID   string                `json:"streamId"`
	Channel    string                `json:"channel"`
	LocaleData map[string]textLocale `json:"localeData"`
	VNameSpace emptyArray            `json:"vNameSpace"`
}

// textLocale is one language's text of a message: type "basic" is text
// with {{…}} templates, stored URI-encoded.
type textLocale struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type sentence struct {
	ID       string     `json:"_id"`
	TaskID   string     `json:"taskId"`
	Type     string     `json:"type"`
	TaskName string     `json:"taskName"`
	Sentence string     `json:"sentence"`
	Entities emptyArray `json:"entities"`
	Language string     `json:"language"`
}

type exportOptions struct {
	Tasks                     []string       `json:"tasks"`
	NlpData                   []string       `json:"nlpData"`
	Settings                  []string       `json:"settings"`
	SubTasks                  exportSubTasks `json:"subTasks"`
	IncludeDependentTasks     bool           `json:"IncludeDependentTasks"`
	IncludeFormDependentTasks bool           `json:"IncludeFormDependentTasks"`
}

type exportSubTasks struct {
	Dialogs []string   `json:"dialogs"`
	Alerts  emptyArray `json:"alerts"`
	Actions emptyArray `json:"actions"`
	Forms   emptyArray `json:"forms"`
}
