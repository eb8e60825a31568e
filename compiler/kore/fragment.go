package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"bytes"
	"fmt"
	"strings"
	"sync"
)

// An Encoder writes exports exactly as Encode does, and remembers the JSON
// of every dialog task it writes, so that the next bot installing the same
// template with the same settings copies it instead of encoding it again.
// A workspace of many bots installs the same few templates over and over,
// and their dialog tasks are nine tenths of every export.
//
// A dialog task's JSON depends on the bot only through its ids, which
// derive from the bot label. The Encoder keeps each task as it wrote it
// for the first bot, with the place of every id in it, and writes the
// next bot's own ids over those places (see fragment). It keeps a task
// only if every place it found holds an id and nothing else: a text that
// happens to contain one of the ids would be overwritten too, so such a
// task is encoded anew for every bot.
//
// The self-check is split the same way: each dialog task is checked once,
// when it is first encoded, and each bot's export is checked for what
// ties its parts together (the auth profiles and env variables the tasks
// use).
//
// An Encoder is safe for concurrent use. It keeps every task it has
// written, some 30 kB each, for as long as it lives: use one per build.
type Encoder struct {
	mu        sync.Mutex
	fragments map[string]*fragment
	// spare holds botDefinition.json buffers handed back by Recycle.
	spare chan []byte
}

// spareBuffers is how many recycled buffers an Encoder keeps: one per
// bot being written at once is enough, and a few more cost little.
const spareBuffers = 8

// NewEncoder returns an Encoder that remembers nothing yet.
func NewEncoder() *Encoder {
	return &Encoder{fragments: map[string]*fragment{}, spare: make(chan []byte, spareBuffers)}
}

// Recycle hands x's botDefinition.json back to the Encoder, which writes
// a later bot's into the same memory instead of allocating anew. The file
// is some 130 kB per bot, most of what a build allocates, and is garbage
// as soon as it is written out. Nothing may use x.BotDefinition, or any
// slice of it, afterwards; Recycle sets it to nil.
func (enc *Encoder) Recycle(x *Export) {
	if x == nil || cap(x.BotDefinition) == 0 {
		return
	}
	buf := x.BotDefinition[:0]
	x.BotDefinition = nil
	select {
	case enc.spare <- buf:
	default: // enough kept already
	}
}

// spareBuffer returns a recycled buffer, or nil.
func (enc *Encoder) spareBuffer() []byte {
	select {
	case buf := <-enc.spare:
		return buf
	default:
		return nil
	}
}

// fragment is one dialog task's part of botDefinition.json, as encoded
// for the first bot that installed it: its components (elements of dialogComponents), its
// dialog (an element of dialogs) and its sentences (elements of
// sentences), each laid out as in the indented file, without the
// brackets around them.
type fragment struct {
	parts [numParts][]byte
	// refs are the ids the parts hold, and slots where each occurs.
	refs  []idRef
	slots []slot
	// sentences is how many sentences the task trains its intent with.
	sentences int
	// envUsed and idps are the env variables and auth profiles the task
	// uses, for the bot's check.
	envUsed []string
	idps    []string
}

// The parts of a fragment.
const (
	componentsPart = iota
	dialogPart
	sentencesPart
	numParts
)

// slot is where refs[ref] occurs in parts[part].
type slot struct {
	part, ref int
	offset    int
}

// Encode is Encode with the Encoder's memory: the same Bot gives the same
// bytes either way.
func (enc *Encoder) Encode(b *ir.Bot) (*Export, error) {
	return enc.encode(b, options{})
}

// botTask is one dialog task of the bot being encoded: its parts with the
// bot's ids (own), or a kept fragment and the bot's ids for its slots,
// one after the other in ids, refs[k] from idAt[k] to idAt[k+1].
type botTask struct {
	frag *fragment
	own  *[numParts][]byte
	ids  []byte
	idAt []int
}

func (t *botTask) part(p int) []byte {
	if t.own != nil {
		return t.own[p]
	}
	return t.frag.parts[p]
}

func (enc *Encoder) encode(b *ir.Bot, opts options) (*Export, error) {
	e, err := newEncoder(b, opts)
	if err != nil {
		return nil, err
	}
	if len(e.errs) > 0 {
		return nil, &BugError{Stage: "encode", Problems: e.errs}
	}

	tasks := make([]botTask, len(b.Dialogs))
	utterances := 0
	var envUsed, idps []string
	for i := range b.Dialogs {
		frag, own, err := enc.fragment(e, &b.Dialogs[i])
		if err != nil {
			return nil, err
		}
		t := &tasks[i]
		t.frag, t.own = frag, own
		if own == nil {
			t.ids = make([]byte, 0, len(frag.refs)*(len(componentIDPrefix)+uuidLen))
			t.idAt = make([]int, len(frag.refs)+1)
			for k, r := range frag.refs {
				t.ids = e.ids.appendID(t.ids, r)
				t.idAt[k+1] = len(t.ids)
			}
		}
		utterances += frag.sentences
		envUsed = append(envUsed, frag.envUsed...)
		idps = append(idps, frag.idps...)
	}

	shell := e.buildShell(b)
	for i := range b.Dialogs {
		shell.ExportOptions.SubTasks.Dialogs = append(shell.ExportOptions.SubTasks.Dialogs, e.ids.dialogID(b.Dialogs[i].Key))
	}
	e.setLocale(shell, b, utterances)
	cfg := e.buildConfig(b)
	if len(e.errs) > 0 {
		return nil, &BugError{Stage: "encode", Problems: e.errs}
	}
	cfgJSON, err := marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("kore: %s: %w (xoc bug)", ConfigFile, err)
	}
	// The indented shell is garbage once assembled: it is laid out in a
	// buffer of the pool.
	shellBuf := shellBuffers.Get().(*[]byte)
	defer shellBuffers.Put(shellBuf)
	var shellJSON []byte
	var problems []string
	err = withCompact(shell, func(compact []byte) error {
		problems = checkShell(compact, cfgJSON, envUsed, idps)
		shellJSON = appendIndent((*shellBuf)[:0], compact, 0)
		*shellBuf = shellJSON
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kore: %s: %w (xoc bug)", BotDefinitionFile, err)
	}
	if len(problems) > 0 {
		return nil, &BugError{Stage: "self-check", Problems: problems}
	}
	def, err := assemble(enc.spareBuffer(), shellJSON, tasks)
	if err != nil {
		return nil, err
	}
	return &Export{BotDefinition: def, Config: cfgJSON, Icon: iconOf(b)}, nil
}

// shellBuffers hold the indented shells of botDefinition.json while they
// are assembled.
var shellBuffers = sync.Pool{New: func() any { return new([]byte) }}

// arrayKeys are the keys of the arrays that hold the parts of dialog
// tasks, in the order of the parts and of botDefinition.json.
var arrayKeys = [numParts]string{"dialogComponents", "dialogs", "sentences"}

// assemble puts the tasks' parts into the shell's empty arrays, laid out
// as indent lays out the whole file, and writes the bot's ids into the
// slots of kept fragments. It writes into buf when buf is large enough.
func assemble(buf, shell []byte, tasks []botTask) ([]byte, error) {
	size := len(shell) + numParts*len("[\n\n  ]")
	for i := range tasks {
		for p := range numParts {
			size += len(tasks[i].part(p)) + len(",\n")
		}
	}
	def := buf[:0]
	if cap(def) < size {
		// Some room to spare, so that the buffer, once recycled, also
		// holds a bot whose texts are a little longer.
		def = make([]byte, 0, size+size/8)
	}
	rest := shell
	for p, key := range arrayKeys {
		// Indented JSON holds no raw newline inside a string, so this
		// can only be the key itself, one level deep.
		empty := []byte("\n  \"" + key + "\": []")
		at := bytes.Index(rest, empty)
		if at < 0 {
			return nil, &BugError{Stage: "encode", Problems: []string{"the shell of " + BotDefinitionFile + " has no empty " + key}}
		}
		def = append(def, rest[:at+len(empty)-len("[]")]...)
		rest = rest[at+len(empty):]
		n := 0
		for i := range tasks {
			t := &tasks[i]
			part := t.part(p)
			if len(part) == 0 {
				continue
			}
			if n == 0 {
				def = append(def, "[\n"...)
			} else {
				def = append(def, ",\n"...)
			}
			n++
			start := len(def)
			def = append(def, part...)
			if t.own == nil {
				for _, s := range t.frag.slots {
					if s.part == p {
						copy(def[start+s.offset:], t.ids[t.idAt[s.ref]:t.idAt[s.ref+1]])
					}
				}
			}
		}
		if n == 0 {
			def = append(def, "[]"...)
		} else {
			def = append(def, "\n  ]"...)
		}
	}
	return append(def, rest...), nil
}

// fragment returns the kept fragment of d, or encodes d for the bot and
// returns its parts as own, with a fragment that says what they hold.
func (enc *Encoder) fragment(e *encoder, d *ir.Dialog) (frag *fragment, own *[numParts][]byte, err error) {
	key := fragmentKey(e, d)
	enc.mu.Lock()
	frag = enc.fragments[key]
	enc.mu.Unlock()
	if frag != nil {
		return frag, nil, nil
	}

	rec := &idRecorder{}
	mine, compact, err := encodeTask(&encoder{ids: ids{label: e.ids.label, rec: rec}, lang: e.lang, opts: e.opts}, d)
	if err != nil {
		return nil, nil, err
	}
	frag = &fragment{parts: mine.parts, refs: rec.refs, sentences: mine.sentences}
	var problems []string
	frag.envUsed, frag.idps, problems = checkTask(compact)
	if len(problems) > 0 {
		return nil, nil, &BugError{Stage: "self-check", Problems: problems}
	}
	var ok bool
	if frag.slots, ok = findSlots(&frag.parts, rec.ids); ok {
		// The parts are shared: assemble copies them before writing ids.
		enc.mu.Lock()
		if enc.fragments[key] == nil {
			enc.fragments[key] = frag
		}
		enc.mu.Unlock()
	}
	return frag, &mine.parts, nil
}

// fragmentKey identifies everything a dialog task's JSON depends on
// besides the label: the dialog (DialogKey), the language and the
// writer's options.
func fragmentKey(e *encoder, d *ir.Dialog) string {
	sum := DialogKey(d)
	return fmt.Sprintf("%s\x00%+v\x00", e.lang, e.opts) + string(sum[:])
}

// encodedTask is a dialog task's parts as encoded for one label.
type encodedTask struct {
	parts     [numParts][]byte
	sentences int
}

// encodeTask encodes d with e, and returns its parts and, for the check, a
// compact JSON object holding its dialogComponents and dialogs.
func encodeTask(e *encoder, d *ir.Dialog) (*encodedTask, []byte, error) {
	dg, comps := e.buildDialog(d)
	sentences := e.buildSentences(d, comps[0].ID)
	if len(e.errs) > 0 {
		return nil, nil, &BugError{Stage: "encode", Problems: e.errs}
	}
	t := &encodedTask{sentences: len(sentences)}
	var compactComps, compactDialogs []byte
	var err error
	if t.parts[componentsPart], compactComps, err = elements(comps); err != nil {
		return nil, nil, err
	}
	if t.parts[dialogPart], compactDialogs, err = elements([]*dialog{dg}); err != nil {
		return nil, nil, err
	}
	if t.parts[sentencesPart], _, err = elements(orEmpty(sentences)); err != nil {
		return nil, nil, err
	}
	compact := append([]byte(`{"dialogComponents":`), compactComps...)
	compact = append(append(compact, `,"dialogs":`...), compactDialogs...)
	return t, append(compact, '}'), nil
}

// elements encodes the array v, and returns its elements as they are laid
// out one level deep in an indented file (no brackets, no newline before
// the first or after the last), and the array as compact JSON.
func elements(v any) (laid, compact []byte, err error) {
	err = withCompact(v, func(c []byte) error {
		compact = bytes.Clone(bytes.TrimSuffix(c, []byte("\n")))
		if len(compact) <= len("[]") {
			return nil
		}
		whole := indentAt(compact, 1)
		laid = whole[len("[\n") : len(whole)-len("\n  ]")]
		return nil
	})
	return laid, compact, err
}

// findSlots finds every place of every id in the parts, in one pass over
// each. It reports false when an id also turns up where no id belongs,
// in a text (which would then be overwritten as well): each place must
// be the whole value of one of the keys that hold ids.
//
// Every id is a UUID or 24 hex digits, some after a prefix (dg-, dc-),
// so the pass looks at each run of lower-case hex digits and dashes long
// enough to hold one, and at every id-sized window of it.
func findSlots(parts *[numParts][]byte, ids []string) ([]slot, bool) {
	bare := make(map[string]int, len(ids))
	prefixes := make([]string, len(ids))
	for r, id := range ids {
		prefix, rest := splitIDPrefix(id)
		bare[rest] = r
		prefixes[r] = prefix
	}
	var slots []slot
	for p, data := range parts {
		for i := 0; i < len(data); {
			if !isIDByte[data[i]] {
				i++
				continue
			}
			start := i
			for i < len(data) && isIDByte[data[i]] {
				i++
			}
			run := data[start:i]
			if len(run) < sentenceIDLen {
				continue
			}
			for _, size := range [...]int{uuidLen, sentenceIDLen} {
				for k := 0; k+size <= len(run); k++ {
					r, ok := bare[string(run[k:k+size])]
					if !ok {
						continue
					}
					at := start + k
					from := at - len(prefixes[r])
					if from < 0 || string(data[from:at]) != prefixes[r] || !isIDValue(data, from, at+size) {
						return nil, false
					}
					slots = append(slots, slot{part: p, ref: r, offset: from})
				}
			}
		}
	}
	return slots, true
}

// The lengths of the ids' hex parts.
const (
	uuidLen       = 36
	sentenceIDLen = 24
)

// splitIDPrefix splits an id into its prefix (dg-, dc-, or none) and the
// UUID or hex digits after it.
func splitIDPrefix(id string) (prefix, rest string) {
	for _, p := range []string{dialogIDPrefix, componentIDPrefix} {
		if strings.HasPrefix(id, p) {
			return p, id[len(p):]
		}
	}
	return "", id
}

// isIDByte marks the bytes of a UUID as written: lower-case hex digits
// and dashes.
var isIDByte = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdef-") {
		t[c] = true
	}
	return t
}()

// idKeys are the keys whose values are ids in a dialog task's JSON, as
// they precede a value in the indented file.
var idKeys = [][]byte{
	[]byte(`"_id": "`), []byte(`"refId": "`), []byte(`"componentId": "`),
	[]byte(`"dialogId": "`), []byte(`"taskId": "`),
}

// isIDValue says whether data[start:end] is the whole string value of one
// of idKeys. Inside a JSON string every quote is escaped, so a text
// cannot look like this.
func isIDValue(data []byte, start, end int) bool {
	if end >= len(data) || data[end] != '"' {
		return false
	}
	for _, key := range idKeys {
		if bytes.HasSuffix(data[:start], key) {
			return true
		}
	}
	return false
}
