package koretest

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// maxUpload bounds an uploaded file.
const maxUpload = 16 << 20

// uploaded is an uploaded file.
type uploaded struct {
	name string
	data []byte
}

// bot is a bot on the platform: the files of its in-development copy.
type bot struct {
	definition, config, icon []byte
}

// importJob is an import request (bir-…).
type importJob struct {
	id     string
	botID  string // "" for a new bot until it succeeds
	polls  int
	files  bot
	logs   []logEntry
	status string
}

type logEntry struct {
	TaskType string `json:"taskType"`
	TaskName string `json:"taskName"`
	Status   string `json:"status"`
}

// exportJob is an export request (ber-…).
type exportJob struct {
	id, botID string
	polls     int
}

// Files returns a copy of a bot's files, by export name, or nil if there
// is no such bot.
func (s *Server) Files(botID string) map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.bots[botID]
	if b == nil {
		return nil
	}
	return map[string][]byte{"botDefinition.json": b.definition, "config.json": b.config, "icon.png": b.icon}
}

// Uploads returns every file uploaded, by file id.
func (s *Server) Uploads() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for id, f := range s.files {
		out[id] = f.data
	}
	return out
}

// AddBot creates a bot from an export's files, as if imported earlier,
// and returns its id.
func (s *Server) AddBot(files map[string][]byte) string {
	id := s.nextID("st-")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bots[id] = &bot{definition: files["botDefinition.json"], config: files["config.json"], icon: files["icon.png"]}
	return id
}

// EditBot changes a bot's definition and config as an edit in the
// platform's builder would: edit gets them decoded, and changes them in
// place.
func (s *Server) EditBot(botID string, edit func(definition, config map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.bots[botID]
	if b == nil {
		s.t.Fatalf("koretest: no bot %s", botID)
	}
	var def, cfg map[string]any
	if err := json.Unmarshal(b.definition, &def); err != nil {
		s.t.Fatal(err)
	}
	if err := json.Unmarshal(b.config, &cfg); err != nil {
		s.t.Fatal(err)
	}
	edit(def, cfg)
	b.definition, _ = json.Marshal(def)
	b.config, _ = json.Marshal(cfg)
}

func (s *Server) upload(r *http.Request) reply {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		return s.violation(http.StatusBadRequest, "upload: Content-Type %q, not multipart/form-data", r.Header.Get("Content-Type"))
	}
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		return s.violation(http.StatusBadRequest, "upload: %v", err)
	}
	f, header, err := r.FormFile("file")
	if err != nil {
		return s.violation(http.StatusBadRequest, "upload: no file field: %v", err)
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	ctx, ext := r.FormValue("fileContext"), r.FormValue("fileExtension")
	detail := fmt.Sprintf("file=%s fileContext=%s fileExtension=%s", header.Filename, ctx, ext)
	if ctx != "bulkImport" {
		return s.violation(http.StatusBadRequest, "upload of %s: fileContext %q, not bulkImport", header.Filename, ctx)
	}
	if ext != "json" && ext != "js" {
		return s.violation(http.StatusBadRequest, "upload of %s: fileExtension %q, not json or js", header.Filename, ext)
	}
	if len(data) == 0 {
		return s.violation(http.StatusBadRequest, "upload of %s: the file is empty", header.Filename)
	}
	n := s.nextID("")
	fileID := strings.ReplaceAll(n, "-", "")[:24]
	sum := sha1.Sum(data)
	s.mu.Lock()
	s.files[fileID] = uploaded{name: header.Filename, data: data}
	s.mu.Unlock()
	rep := jsonReply(map[string]any{"fileId": fileID, "hash": hex.EncodeToString(sum[:]), "fileName": "f-" + n})
	rep.detail = detail
	return rep
}

// decodeBody reads a JSON request body into v.
func (s *Server) decodeBody(r *http.Request, v any) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return fmt.Errorf("Content-Type %q, not application/json", r.Header.Get("Content-Type"))
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// file returns an uploaded file by id, and whether there is one.
func (s *Server) file(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[id]
	return f.data, ok
}

// importFiles checks that an import names uploaded files, and that they
// hold a definition and a config.
func (s *Server) importFiles(op string, ids map[string]string, required ...string) (bot, error) {
	var b bot
	for _, field := range required {
		id := ids[field]
		if id == "" {
			return b, fmt.Errorf("%s: no %s", op, field)
		}
		data, ok := s.file(id)
		if !ok {
			return b, fmt.Errorf("%s: %s %q was never uploaded", op, field, id)
		}
		switch field {
		case "botDefinition":
			b.definition = data
		case "configInfo":
			b.config = data
		case "icon":
			b.icon = data
		}
	}
	var def, cfg map[string]any
	if err := json.Unmarshal(b.definition, &def); err != nil {
		return b, fmt.Errorf("%s: botDefinition is not a JSON object: %v", op, err)
	}
	if err := json.Unmarshal(b.config, &cfg); err != nil || cfg["name"] == nil {
		return b, fmt.Errorf("%s: configInfo is not a config.json with a name", op)
	}
	return b, nil
}

func (s *Server) importNew(r *http.Request) reply {
	var body map[string]any
	if err := s.decodeBody(r, &body); err != nil {
		return s.violation(http.StatusBadRequest, "import as a new bot: %v", err)
	}
	detail := compact(body)
	if body["uploadMode"] != "JSON" {
		return withDetail(s.violation(http.StatusBadRequest, "import as a new bot: uploadMode %v, not \"JSON\"", body["uploadMode"]), detail)
	}
	files, err := s.importFiles("import as a new bot", stringFields(body), "botDefinition", "configInfo", "icon")
	if err != nil {
		return withDetail(s.violation(http.StatusBadRequest, "%v", err), detail)
	}
	s.mu.Lock()
	echo := s.faults.echoConfig
	s.mu.Unlock()
	if echo {
		return withDetail(errorReply(http.StatusBadRequest, "invalid configInfo: "+string(files.config)), detail)
	}
	return withDetail(jsonReply(s.startImport("", files)), detail)
}

func (s *Server) importInto(r *http.Request) reply {
	botID := r.PathValue("bot")
	var body map[string]any
	if err := s.decodeBody(r, &body); err != nil {
		return s.violation(http.StatusBadRequest, "import into %s: %v", botID, err)
	}
	detail := compact(body)
	s.mu.Lock()
	_, exists := s.bots[botID]
	s.mu.Unlock()
	if !exists {
		return withDetail(errorReply(http.StatusNotFound, "Bot not found"), detail)
	}
	if _, ok := body["importOptions"].(map[string]any); !ok {
		return withDetail(s.violation(http.StatusBadRequest, "import into %s: importOptions is required", botID), detail)
	}
	files, err := s.importFiles("import into "+botID, stringFields(body), "botDefinition", "configInfo")
	if err != nil {
		return withDetail(s.violation(http.StatusBadRequest, "%v", err), detail)
	}
	return withDetail(jsonReply(s.startImport(botID, files)), detail)
}

// startImport records an import and answers as the API does.
func (s *Server) startImport(botID string, files bot) map[string]any {
	job := &importJob{id: s.nextID("bir-"), botID: botID, files: files, status: "pending"}
	job.logs = s.plannedLogs(files)
	s.mu.Lock()
	s.imports[job.id] = job
	s.mu.Unlock()
	return map[string]any{"_id": job.id, "status": "pending", "statusLogs": []logEntry{}, "requestType": "Botimport"}
}

// plannedLogs are the status log entries an import of files goes
// through, in the order the reference's samples show them.
func (s *Server) plannedLogs(files bot) []logEntry {
	var def struct {
		Dialogs []struct {
			LocaleData map[string]struct {
				Name string `json:"name"`
			} `json:"localeData"`
		} `json:"dialogs"`
		IDP []any `json:"idpConfigurations"`
	}
	json.Unmarshal(files.definition, &def)
	var cfg struct {
		Name string `json:"name"`
	}
	json.Unmarshal(files.config, &cfg)
	logs := []logEntry{{"importRequest", cfg.Name, ""}, {"Bot Definition", cfg.Name, ""}}
	if len(def.IDP) > 0 {
		logs = append(logs, logEntry{"IdpConfigurations", "IdpConfigurations", ""})
	}
	logs = append(logs, logEntry{"BotVariables", "BotVariables", ""})
	for _, d := range def.Dialogs {
		logs = append(logs, logEntry{"Dialog", d.LocaleData["en"].Name, ""})
	}
	return append(logs, logEntry{"Utterances", "Utterances", ""}, logEntry{"importBot", cfg.Name, ""})
}

func (s *Server) importStatus(r *http.Request) reply {
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	job := s.imports[id]
	if job == nil {
		return errorReply(http.StatusNotFound, "Import request not found")
	}
	job.polls++
	done := 0
	if job.status == "pending" {
		if s.faults.forever || job.polls <= s.faults.pendingPolls {
			// A pending import has done some of its tasks.
			done = min(job.polls, len(job.logs)-1)
		} else {
			s.finishImport(job)
		}
	}
	if job.status != "pending" {
		done = len(job.logs)
	}
	logs := make([]logEntry, 0, done)
	for _, l := range job.logs[:done] {
		if l.Status == "" {
			l.Status = "success"
		}
		logs = append(logs, l)
	}
	body := map[string]any{"_id": job.id, "status": job.status, "statusLogs": logs, "requestType": "Botimport", "createdOn": "2024-01-01T00:00:00.000Z"}
	if job.botID != "" {
		body["botId"] = job.botID
	}
	rep := jsonReply(body)
	rep.detail = "status=" + job.status
	return rep
}

// finishImport ends an import: it fails at the task the test named, or
// stores the files in the bot (a new one for an import as a new bot).
// The caller holds s.mu.
func (s *Server) finishImport(job *importJob) {
	for i, l := range job.logs {
		if l.TaskType == s.faults.failTaskType && l.TaskName == s.faults.failTaskName {
			job.logs[i].Status = "failed"
			job.logs = job.logs[:i+1]
			job.status = "failed"
			return
		}
	}
	if job.botID == "" {
		s.seq++
		job.botID = fmt.Sprintf("st-%08d-0000-4000-8000-000000000000", s.seq)
		s.bots[job.botID] = &bot{}
	}
	b := s.bots[job.botID]
	b.definition, b.config = job.files.definition, job.files.config
	if job.files.icon != nil {
		b.icon = job.files.icon
	}
	job.status = "success"
}

func (s *Server) export(r *http.Request) reply {
	botID := r.PathValue("bot")
	var body map[string]any
	if err := s.decodeBody(r, &body); err != nil {
		return s.violation(http.StatusBadRequest, "export of %s: %v", botID, err)
	}
	detail := compact(body)
	if t := body["exportType"]; t != "latest" && t != "published" {
		return withDetail(s.violation(http.StatusBadRequest, "export of %s: exportType %v, not latest or published", botID, t), detail)
	}
	s.mu.Lock()
	_, exists := s.bots[botID]
	s.mu.Unlock()
	if !exists {
		return withDetail(errorReply(http.StatusNotFound, "Bot not found"), detail)
	}
	job := &exportJob{id: s.nextID("ber-"), botID: botID}
	s.mu.Lock()
	s.exports[botID] = job
	s.mu.Unlock()
	return withDetail(jsonReply(map[string]any{"_id": job.id, "status": "pending", "streamId": botID, "exportType": body["exportType"], "requestType": "Botexport"}), detail)
}

func (s *Server) exportStatus(r *http.Request) reply {
	botID := r.PathValue("bot")
	s.mu.Lock()
	defer s.mu.Unlock()
	job := s.exports[botID]
	if job == nil {
		return errorReply(http.StatusNotFound, "No export request")
	}
	job.polls++
	body := map[string]any{"_id": job.id, "botId": botID, "status": "pending", "requestType": "Botexport"}
	if !s.faults.forever && job.polls > s.faults.pendingPolls {
		body["status"] = "success"
		// A presigned-looking link: the signature in its query must not
		// be printed.
		body["downloadURL"] = s.URL + "/downloads/" + url.PathEscape(job.id) + ".zip?sig=koretestSIGNATUREdoNotPrint"
		body["fileId"] = job.id
	}
	return jsonReply(body)
}

func (s *Server) download(r *http.Request) reply {
	id := strings.TrimSuffix(r.PathValue("id"), ".zip")
	s.mu.Lock()
	var job *exportJob
	for _, j := range s.exports {
		if j.id == id {
			job = j
		}
	}
	var b bot
	if job != nil && s.bots[job.botID] != nil {
		b = *s.bots[job.botID]
	}
	escaping := s.faults.escapingZip
	s.mu.Unlock()
	if job == nil {
		return errorReply(http.StatusNotFound, "no such export")
	}
	data, err := exportZip(b, escaping)
	if err != nil {
		s.t.Errorf("koretest: making the export zip: %v", err)
		return errorReply(http.StatusInternalServerError, err.Error())
	}
	return reply{status: http.StatusOK, body: data, header: http.Header{"Content-Type": {"application/zip"}}}
}

func (s *Server) publish(r *http.Request) reply {
	botID := r.PathValue("bot")
	var body map[string]any
	if err := s.decodeBody(r, &body); err != nil {
		return s.violation(http.StatusBadRequest, "publish %s: %v", botID, err)
	}
	detail := compact(body)
	if c, _ := body["versionComment"].(string); c == "" {
		return withDetail(s.violation(http.StatusBadRequest, "publish %s: versionComment is required", botID), detail)
	}
	s.mu.Lock()
	_, exists := s.bots[botID]
	s.mu.Unlock()
	if !exists {
		return withDetail(errorReply(http.StatusNotFound, "Bot not found"), detail)
	}
	return withDetail(jsonReply([]map[string]any{{"resourceType": "dialog", "status": "SUCCESS"}}), detail)
}

func withDetail(r reply, detail string) reply {
	r.detail = detail
	return r
}

// compact renders a JSON body for the record, keys sorted.
func compact(v any) string {
	data, _ := json.Marshal(v)
	return string(bytes.TrimSpace(data))
}

// stringFields returns the string fields of a JSON object.
func stringFields(m map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}
