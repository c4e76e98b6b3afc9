// Package oparl imports OParl 1.0 and 1.1 — the German standard API of
// council information systems — into ratsarchiv's record model.
//
// The import runs in three steps, each usable on its own:
//
//   - Decode reads one JSON document (an object, a list page or an array)
//     into typed objects, tolerating what real servers send (missing
//     `type`, strings where OParl has arrays).
//   - A Store collects the objects of a whole source — a crawl of an OParl
//     endpoint (Crawl) or a directory of JSON in any layout (ReadDir) — and
//     keeps one copy of each object, honouring `deleted`.
//   - Store.Archive maps the objects onto record.Archive: OParl IDs stay the
//     record IDs, consultations are tied to agenda items and meetings so a
//     paper's path is complete, and every adjustment is reported.
//
// Import runs all three and writes the records with tomlrec into a staging
// folder that replaces the output folder only when the import succeeded.
package oparl

import _ "time/tzdata" // dates without an offset are in the council's zone, not the host's
