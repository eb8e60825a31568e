// Package kore writes Kore.ai XO Platform bot exports (botDefinition.json,
// config.json, icon.png) from the export IR (package ir): it assigns the
// platform's ids, encodes texts the way the platform stores them, fills in
// the platform's defaults, and checks the export's references before it
// writes a byte.
package kore
