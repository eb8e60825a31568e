// Package files finds a build's inputs on disk. It is the first stage of
// the pipeline files → config → lower → ir → kore/review → output.
//
// It says which file names are configuration files (IsConfigFile), lists
// the files of one bot directory (BotFiles), and turns command-line paths
// into the bot directories that xoc build compiles (BotDirs) and the files
// that xoc fmt formats (FormatTargets). Every directory tree is read
// through Walk, so both commands agree on the order of what they find and
// on symbolic links, which are never followed below the paths given.
package files
