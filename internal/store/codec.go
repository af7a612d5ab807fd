package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// schemaVersion is the layout version written to meta/schema. Bump it
// together with a migration in migrate.go.
const schemaVersion = 4

// recordVersion is written into every JSON record (everything but papers,
// see papercodec.go). Schemas v3 and v4 changed only how papers are stored
// and where the user's data lives, so JSON records kept version 2.
const recordVersion = 2

// record is the envelope of every JSON value: the version lets a later
// Paperboy tell old records from new ones without guessing from their shape.
type record[T any] struct {
	V    int `json:"v"`
	Data T   `json:"data"`
}

func encode[T any](v T) ([]byte, error) {
	b, err := json.Marshal(record[T]{V: recordVersion, Data: v})
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
	if r.V != recordVersion {
		return r.Data, fmt.Errorf("store: decode %T: record version %d, want %d", r.Data, r.V, recordVersion)
	}
	return r.Data, nil
}

// decodePaperV2 reads a paper as schema v2 stored it: its record without
// Raw, then a newline and Raw verbatim, the whole zstd-compressed (values
// not starting with the zstd magic are read as plain). encoding/json never
// writes a raw newline, so the first one ends the record. Only the v2→v3
// migration and stores it has not converted yet meet this form; it costs
// ~40 µs a paper, mostly encoding/json. It copies what it keeps: b may be a
// Badger buffer.
func decodePaperV2(b []byte) (paper.Paper, error) {
	plain := !bytes.HasPrefix(b, zstdMagic)
	if !plain {
		var err error
		if b, err = zstdDecoder().DecodeAll(b, nil); err != nil {
			return paper.Paper{}, fmt.Errorf("store: decompress paper: %w", err)
		}
	}
	head, raw, hasRaw := bytes.Cut(b, []byte{'\n'})
	p, err := decode[paper.Paper](head)
	if err == nil && hasRaw {
		if plain {
			raw = bytes.Clone(raw)
		}
		p.Raw = raw
	}
	return p, err
}

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// One decoder for the process: it is safe for concurrent DecodeAll and
// expensive to build.
var (
	zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(0),
			zstd.WithDecoderLowmem(true),
			// A corrupt header must not make us allocate gigabytes.
			zstd.WithDecoderMaxMemory(16<<20))
		if err != nil {
			panic(err)
		}
		return d
	})
)
