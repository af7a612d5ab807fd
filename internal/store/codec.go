package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

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
// verbatim, the whole zstd-compressed. Kept outside the JSON, Raw is neither
// re-escaped nor compacted: it round-trips byte for byte. encoding/json never
// writes a raw newline, so the first one ends the record.
//
// Compression: a paper is ~6 KB of JSON (the abstract appears three times:
// in the record and twice in Raw), which would put 100k papers at ~600 MB;
// zstd brings a value to ~1.5 KB. Badger compresses only its tables, not the
// value log where papers live. Values that do not start with the zstd magic
// are read as plain, so both forms can coexist.
func encodePaper(p paper.Paper) ([]byte, error) {
	raw := p.Raw
	p.Raw = nil
	b, err := encode(p)
	if err != nil {
		return nil, err
	}
	if len(raw) > 0 {
		b = append(b, '\n')
		b = append(b, raw...)
	}
	return zstdEncoder().EncodeAll(b, make([]byte, 0, len(b)/3)), nil
}

// decodePaper copies what it keeps: b may be a Badger buffer.
func decodePaper(b []byte) (paper.Paper, error) {
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

// One encoder and decoder for the process: both are safe for concurrent
// EncodeAll/DecodeAll and expensive to build.
var (
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderConcurrency(1), // writes are serialised anyway
			zstd.WithLowerEncoderMem(true))
		if err != nil {
			panic(err) // only on invalid options
		}
		return e
	})
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
