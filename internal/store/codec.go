package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// schemaVersion is the layout version written to meta/schema and into every
// record. Bump it together with a migration in migrate.go.
const schemaVersion = 2

// record is the envelope of every JSON value: the version lets a later
// Paperboy tell old records from new ones without guessing from their shape.
type record[T any] struct {
	V    int `json:"v"`
	Data T   `json:"data"`
}

func encode[T any](v T) ([]byte, error) {
	b, err := json.Marshal(record[T]{V: schemaVersion, Data: v})
	if err != nil {
		return nil, fmt.Errorf("store: encode %T: %w", v, err)
	}
	return b, nil
}

func decode[T any](b []byte) (T, error) {
	var r record[T]
	if err := json.Unmarshal(b, &r); err != nil {
		return r.Data, fmt.Errorf("store: decode %T: %w", r.Data, err)
	}
	if r.V != schemaVersion {
		return r.Data, fmt.Errorf("store: decode %T: record version %d, want %d", r.Data, r.V, schemaVersion)
	}
	return r.Data, nil
}

// A paper's value is its record without Raw, then a newline and Raw
// verbatim. Kept outside the JSON, Raw is neither re-escaped nor compacted
// (it round-trips byte for byte) and costs nothing to skip when cards are
// decoded. encoding/json never writes a raw newline, so the first one ends
// the record.
func encodePaper(p paper.Paper) ([]byte, error) {
	raw := p.Raw
	p.Raw = nil
	b, err := encode(p)
	if err != nil || len(raw) == 0 {
		return b, err
	}
	b = append(b, '\n')
	return append(b, raw...), nil
}

// decodePaper copies what it keeps: b may be a Badger buffer.
func decodePaper(b []byte) (paper.Paper, error) {
	head, raw, hasRaw := bytes.Cut(b, []byte{'\n'})
	p, err := decode[paper.Paper](head)
	if err == nil && hasRaw {
		p.Raw = bytes.Clone(raw)
	}
	return p, err
}
