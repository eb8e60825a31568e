// Package cache remembers, for each bot a build wrote, what it was built
// from and what it wrote, so that the next build can leave a bot alone
// without loading or compiling it when none of that has changed.
//
// A bot's entry is found by a key that covers everything its export
// depends on: the xoc program itself (its executable's path and stat, so
// a new xoc rebuilds everything), the bot directory and the output folder,
// the names and bytes of the bot's configuration files, and every input
// given to the run (--var, the bytes of every --var-file and every
// XOC_VAR_ value). The entry holds the bot's label and declared variable
// names (which a run checks across bots), the digest of every other file
// the bot read (its icon), and the size, modification and change times
// and inode of each file of its folder. An entry is used only while all
// of those still hold: a file of the output folder edited by hand, or an
// icon replaced, sends the bot through a full build again.
//
// The stat of the folder's files that an entry records is the one the
// build took of the files it wrote, or compared byte for byte with what
// it should write (output.Result.Files), never a stat taken afresh: the
// folder may have changed since, and an entry must vouch only for what
// the build verified. Since no one can set a change time back, a file
// with the same stat is still that file, unchanged.
//
// Keys are HMAC-SHA-256 digests under a random key kept in the cache
// folder, so that a digest over a secret variable's value, which the key
// covers, cannot be tested against guesses without that folder. Nothing
// else of a value is stored. The cache is an optimisation only: any
// entry that cannot be read or does not match is a miss.
package cache

import (
	"github.com/xoc-dev/xoc/compiler/internal/filestat"

	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/xoc-dev/xoc/compiler/internal/safefile"
)

// format names the layout of the cache folder; a change to what an
// entry holds or how keys are made takes a new one.
const format = "v1"

// A Cache is a folder of indexes, one per output folder. It and its
// indexes are safe for concurrent use.
type Cache struct {
	dir    string
	secret []byte
	// program is the digest of the running executable.
	program [sha256.Size]byte
}

// Open opens the cache in dir, creating it (readable by its owner only)
// when it does not exist.
func Open(dir string) (*Cache, error) {
	entries := filepath.Join(dir, format)
	if err := os.MkdirAll(entries, 0o700); err != nil {
		return nil, err
	}
	secret, err := readOrCreateSecret(filepath.Join(dir, format+".key"))
	if err != nil {
		return nil, err
	}
	program, err := programDigest()
	if err != nil {
		return nil, err
	}
	trim(entries, time.Now())
	return &Cache{dir: entries, secret: secret, program: program}, nil
}

// unusedFor is how long an index may go unused before it is removed:
// one per output folder ever built into, most of them long gone.
const unusedFor = 30 * 24 * time.Hour

// trim removes, at most once a day, the indexes not saved for
// unusedFor, and files left by a build that stopped while saving.
func trim(dir string, now time.Time) {
	marker := filepath.Join(dir, ".trimmed")
	if info, err := os.Stat(marker); err == nil && now.Sub(info.ModTime()) < 24*time.Hour {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.Name() == ".trimmed" {
			continue
		}
		if now.Sub(info.ModTime()) > unusedFor || (strings.HasPrefix(e.Name(), tmpPrefix) && now.Sub(info.ModTime()) > time.Hour) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	if f, err := os.OpenFile(marker, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err == nil {
		f.Close()
	}
	os.Chtimes(marker, now, now)
}

func readOrCreateSecret(path string) ([]byte, error) {
	if secret, err := os.ReadFile(path); err == nil && len(secret) == 32 {
		return secret, nil
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	// Two builds starting at once both end up with the one that won.
	if err := writeAtomically(path, secret); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// tmpPrefix begins the names of files being written.
const tmpPrefix = ".tmp-"

// writeAtomically writes data to path through a file beside it, readable
// by its owner only, renamed into place: a reader sees the old file or
// the new one, whole.
func writeAtomically(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), tmpPrefix)
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

var (
	programOnce sync.Once
	programSum  [sha256.Size]byte
	programErr  error
)

// programDigest identifies the running executable, once per process, by
// its path and what its stat says (size, modification and change time,
// inode), as ccache identifies a compiler: installing or building xoc
// anew writes a new file, and no one can set a change time back. Reading
// the whole executable instead cost more than a small build.
func programDigest() ([sha256.Size]byte, error) {
	programOnce.Do(func() {
		path, err := os.Executable()
		if err != nil {
			programErr = err
			return
		}
		programSum, programErr = fileIdentity(path)
	})
	return programSum, programErr
}

// fileIdentity digests a file's path and what its stat says.
func fileIdentity(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	info, err := os.Stat(path)
	if err != nil {
		return sum, err
	}
	id := filestat.Of(info)
	ctime, inode := id.ChangeTime, id.Inode
	h := sha256.New()
	w := keyWriter{h}
	w.str(path)
	for _, n := range []uint64{uint64(info.Size()), uint64(info.ModTime().UnixNano()), uint64(ctime), inode} {
		w.field(binary.AppendUvarint(nil, n))
	}
	h.Sum(sum[:0])
	return sum, nil
}

// Inputs are the values given to a run, each of which a key covers.
type Inputs struct {
	// Vars are --var arguments, name and value, in order.
	Vars [][2]string
	// VarFiles are the paths of --var-file files, in order; their bytes
	// are read when the index is opened.
	VarFiles []string
	// Env holds the XOC_VAR_ values by name.
	Env map[string]string
}

// A File is a file of a bot, a configuration file or another one it
// read: its path and bytes.
type File struct {
	Path string
	Data []byte
}

// Key identifies a bot's build: see the package comment.
type Key struct{ sum [sha256.Size]byte }

func (k Key) String() string { return hex.EncodeToString(k.sum[:]) }

// keyWriter writes length-prefixed fields into a digest, so that no two
// different sequences of fields write the same bytes.
type keyWriter struct{ h io.Writer }

func (w keyWriter) field(b []byte) {
	var n [binary.MaxVarintLen64]byte
	w.h.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
	w.h.Write(b)
}

func (w keyWriter) str(s string) { w.field([]byte(s)) }

// count writes the length of a list, so that fields cannot move from one
// list to the next.
func (w keyWriter) count(n int) { w.field(binary.AppendUvarint(nil, uint64(n))) }

// runDigest is the digest of what every key of a run covers: the program,
// the output folder and the run's inputs.
func (c *Cache) runDigest(outDir string, in Inputs) ([]byte, error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	h := hmac.New(sha256.New, c.secret)
	w := keyWriter{h}
	w.str(format)
	w.field(c.program[:])
	w.str(abs)
	w.count(len(in.VarFiles))
	for _, path := range in.VarFiles {
		data, _, err := safefile.ReadFile(path, true, readLimit)
		if err != nil {
			return nil, err
		}
		w.str(path)
		w.field(data)
	}
	w.count(len(in.Vars))
	for _, v := range in.Vars {
		w.str(v[0])
		w.str(v[1])
	}
	w.count(len(in.Env))
	names := make([]string, 0, len(in.Env))
	for name := range in.Env {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w.str(name)
		w.str(in.Env[name])
	}
	return h.Sum(nil), nil
}

// Key makes the key of the bot in botDir made of the configuration files
// files (as files.BotFiles lists them), in this index's run.
func (ix *Index) Key(botDir string, files []File) (Key, error) {
	abs, err := filepath.Abs(botDir)
	if err != nil {
		return Key{}, err
	}
	h := hmac.New(sha256.New, ix.c.secret)
	w := keyWriter{h}
	w.field(ix.run)
	w.str(abs)
	w.count(len(files))
	for _, f := range files {
		w.str(f.Path)
		w.field(f.Data)
	}
	var k Key
	h.Sum(k.sum[:0])
	return k, nil
}

// Entry is what the cache knows of a bot's last build.
type Entry struct {
	// Label is the bot's label: its folder in the output folder.
	Label string `json:"label"`
	// Variables are the names of the variables the bot declares.
	Variables []string `json:"variables"`
	// Read are the files the bot read besides its configuration files.
	Read []ReadFile `json:"read"`
	// Wrote are the files of the bot's folder as the build left them.
	Wrote []WrittenFile `json:"wrote"`
}

// ReadFile is a file a build read, by digest.
type ReadFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// WrittenFile is a file of a bot's folder, by what its stat says. The
// change time, which no one can set back, catches an edit that keeps
// the size and the modification time.
type WrittenFile = filestat.Stat

// Index is the cache's entries for one output folder, kept in one file:
// a build looks up and stores the entries of all its bots at once. An
// Index serves one run, whose inputs it was opened with.
type Index struct {
	c      *Cache
	outDir string
	path   string
	run    []byte // see runDigest

	mu      sync.Mutex
	old     map[string]*Entry // as read, by key
	current map[string]*Entry // looked up or stored in this run, by key
}

// Index reads the index of the output folder outDir, for a run with the
// given inputs. A missing or unreadable index is an empty one.
func (c *Cache) Index(outDir string, in Inputs) (*Index, error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	run, err := c.runDigest(outDir, in)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, c.secret)
	mac.Write([]byte(abs))
	ix := &Index{c: c, outDir: outDir, path: filepath.Join(c.dir, hex.EncodeToString(mac.Sum(nil))+".json"), run: run,
		old: map[string]*Entry{}, current: map[string]*Entry{}}
	if data, err := os.ReadFile(ix.path); err == nil {
		json.Unmarshal(data, &ix.old) // a damaged index is an empty one
	}
	return ix, nil
}

// Empty reports whether the index had no entries when it was read.
func (ix *Index) Empty() bool { return len(ix.old) == 0 }

// Lookup returns the entry of key when the files the bot read are as
// they were and its folder in the output folder holds exactly the files
// its build wrote, unchanged.
func (ix *Index) Lookup(key Key) (*Entry, bool) {
	ix.mu.Lock()
	e := ix.old[key.String()]
	ix.mu.Unlock()
	if e == nil || e.Label == "" {
		return nil, false
	}
	for _, r := range e.Read {
		sum, err := fileDigest(r.Path)
		if err != nil || sum != r.SHA256 {
			return nil, false
		}
	}
	now, err := folderState(filepath.Join(ix.outDir, e.Label))
	if err != nil || !slices.Equal(now, e.Wrote) {
		return nil, false
	}
	ix.mu.Lock()
	ix.current[key.String()] = e
	ix.mu.Unlock()
	return e, true
}

// Put records that the bot of key declares variables and read the files
// in read, and that its build left its folder in the output folder
// holding exactly the files of wrote, by what their stat said when the
// build wrote them or compared their bytes. With no such files (nil),
// there is nothing to vouch for, and nothing is recorded.
//
// A file read is recorded by the digest of its Data, the bytes the build
// used (a user template file), so that a file changed since it was read
// is not taken for what was built; a file given without Data (nil) is
// digested as it is now.
func (ix *Index) Put(key Key, label string, variables []string, read []File, wrote []WrittenFile) error {
	if wrote == nil {
		return errors.New("cache: no verified files of " + label + " to record")
	}
	e := &Entry{Label: label, Variables: append([]string{}, variables...), Read: []ReadFile{}}
	sort.Strings(e.Variables)
	for _, f := range read {
		sum, err := dataDigest(f)
		if err != nil {
			return err
		}
		e.Read = append(e.Read, ReadFile{Path: f.Path, SHA256: sum})
	}
	e.Wrote = slices.Clone(wrote)
	for i := range e.Wrote {
		e.Wrote[i].Device = 0 // see writtenFile
	}
	slices.SortFunc(e.Wrote, func(a, b WrittenFile) int { return strings.Compare(a.Name, b.Name) })
	ix.mu.Lock()
	ix.current[key.String()] = e
	ix.mu.Unlock()
	return nil
}

// Save writes the index: the entries looked up or put since it was
// read, and the older entries of bots this run did not touch (a build
// of some of the bots of a folder keeps those of the others). An entry
// of a bot whose inputs changed has the bot's label, and is dropped.
func (ix *Index) Save() error {
	ix.mu.Lock()
	labels := map[string]bool{}
	out := make(map[string]*Entry, len(ix.current))
	for k, e := range ix.current {
		labels[e.Label] = true
		out[k] = e
	}
	for k, e := range ix.old {
		if _, kept := out[k]; !kept && !labels[e.Label] {
			out[k] = e
		}
	}
	ix.mu.Unlock()
	data, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return writeAtomically(ix.path, data)
}

// readLimit bounds a file the cache reads: a bot's icon is at most 80 kB.
const readLimit = 16 << 20

// dataDigest is the digest of a file's Data, or of the file as it is now
// when it comes without.
func dataDigest(f File) (string, error) {
	if f.Data == nil {
		return fileDigest(f.Path)
	}
	sum := sha256.Sum256(f.Data)
	return hex.EncodeToString(sum[:]), nil
}

func fileDigest(path string) (string, error) {
	data, _, err := safefile.ReadFile(path, true, readLimit)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// folderState lists the files of a bot's folder, by name, with what
// their stat says. A folder holding anything but regular files is
// reported as an error: the cache keeps no entry for it.
func folderState(dir string) ([]WrittenFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]WrittenFile, 0, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			return nil, errors.New("cache: " + filepath.Join(dir, e.Name()) + " is not a regular file")
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		out = append(out, writtenFile(info))
	}
	return out, nil
}

// writtenFile is what the cache keeps of a file's stat.
// The device is left out, as the index file leaves it out: the inode and
// the change time already tell one file from another on one folder.
func writtenFile(info fs.FileInfo) WrittenFile {
	f := filestat.Of(info)
	f.Device = 0
	return f
}
