package store

import (
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/zstd"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Full texts are cache: a paper's Markdown under text/<id>, compressed, and
// what is known of it under textinfo/<id> (its size, when it was fetched and
// last opened, why it could not be fetched). ClearCache drops both. Where the
// reader was in a text is the user's: user/readpos/<id>, in the user's
// database, so it outlives the cache and is in the backups.

// FullTextInfo is what the cache knows of one paper's full text: kept
// (Size > 0), dropped by the budget (Evicted), or not fetched because of an
// error (ErrCode).
type FullTextInfo struct {
	Size      int64     `json:"size"`   // bytes of Markdown kept; 0 when none is
	Stored    int64     `json:"stored"` // bytes it takes in the cache, compressed
	FetchedAt time.Time `json:"fetchedAt,omitzero"`
	// OpenedAt is when it was last read (the reading pane, paperboy read):
	// the budget drops the least recently opened first.
	OpenedAt time.Time `json:"openedAt,omitzero"`
	// Evicted is when the budget dropped the text; rules do not fetch it
	// again (asking for it does).
	Evicted time.Time `json:"evicted,omitzero"`
	// The last failure to fetch it, and how many failures in a row.
	ErrCode    string    `json:"errCode,omitempty"`
	ErrMessage string    `json:"errMessage,omitempty"`
	FailedAt   time.Time `json:"failedAt,omitzero"`
	Failures   int       `json:"failures,omitempty"`
}

// Kept reports whether the text itself is in the cache.
func (i FullTextInfo) Kept() bool { return i.Size > 0 }

// LastUse is when the text was last opened, or else fetched.
func (i FullTextInfo) LastUse() time.Time {
	if i.OpenedAt.After(i.FetchedAt) {
		return i.OpenedAt
	}
	return i.FetchedAt
}

// ReadingPosition is where the reader was in a paper's full text.
type ReadingPosition struct {
	Anchor   string    `json:"anchor"`   // the heading last scrolled past, as the reader names it
	Fraction float64   `json:"fraction"` // how far through the text, 0 to 1
	At       time.Time `json:"at"`
}

// textFormat marks a stored text: one byte, then a zstd frame of the
// Markdown. zstd rather than S2 (the papers' codec): ~2.8× against ~2.2× on
// generated papers, so a budget holds a quarter more texts, for a decode of
// ~0.3 ms per 120 KB that only opening a text or a snippet pays.
const textFormat = 0x01

// The coders are made, and used once, when the package loads: they make
// their pools (channels) at first use, which a testing/synctest bubble
// would claim for itself had it come first.
var (
	// One encoder (texts are fetched one at a time) with a 1 MB window: it
	// keeps its history buffers for good, 32 MB with the default window at
	// two encoders (heap profile), ~2 MB so; generated texts compress 2.77× instead of 2.79×.
	textEncoder = mustCoder(zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithWindowSize(1<<20), zstd.WithLowerEncoderMem(true)))
	textDecoder = mustCoder(zstd.NewReader(nil, zstd.WithDecoderConcurrency(2), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxMemory(2*hfMaxFullText)))
	_ = mustCoder(decodeText(encodeText("warm up")))
)

// hfMaxFullText is the client's cap on a full text (hf.DefaultMaxFullText).
const hfMaxFullText = 8 << 20

func mustCoder[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func encodeText(md string) []byte {
	return textEncoder.EncodeAll([]byte(md), []byte{textFormat})
}

func decodeText(v []byte) (string, error) {
	if len(v) == 0 || v[0] != textFormat {
		return "", fmt.Errorf("store: not a stored full text")
	}
	b, err := textDecoder.DecodeAll(v[1:], nil)
	if err != nil {
		return "", fmt.Errorf("store: decompress full text: %w", err)
	}
	return string(b), nil
}

// PutFullText keeps md as the full text of id, fetched at at, and returns
// its info: no error any more, not evicted, opened when it was.
func (db *DB) PutFullText(id, md string, at time.Time) (info FullTextInfo, err error) {
	defer db.recovered(&err, panicOnFault())
	if err := validID(id); err != nil {
		return FullTextInfo{}, err
	}
	if md == "" {
		return FullTextInfo{}, paper.Errorf(paper.EINVALID, "an empty full text for %s", id)
	}
	if err := db.checkFree(); err != nil {
		return FullTextInfo{}, err
	}
	val := encodeText(md)
	db.wmu.Lock()
	defer db.wmu.Unlock()
	err = db.bdb.Update(func(txn *badger.Txn) error {
		old, _, err := getTextInfo(txn, id)
		if err != nil {
			return err
		}
		info = FullTextInfo{Size: int64(len(md)), Stored: int64(len(val)), FetchedAt: at.UTC(), OpenedAt: old.OpenedAt}
		iv, err := encode(info)
		if err != nil {
			return err
		}
		if err := txn.Set(textKey(id), val); err != nil {
			return err
		}
		return txn.Set(textInfoKey(id), iv)
	})
	if err != nil {
		return FullTextInfo{}, paper.Wrap(paper.EINTERNAL, err, "cannot keep the full text of %s", id)
	}
	return info, nil
}

// FullText returns the kept full text of id and its info; ENOTFOUND when
// none is kept.
func (db *DB) FullText(id string) (md string, info FullTextInfo, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
		var err error
		if info, _, err = getTextInfo(txn, id); err != nil || !info.Kept() {
			return err
		}
		v, err := getValue(txn, textKey(id))
		if notFound(err) {
			info.Size, info.Stored = 0, 0
			return nil
		}
		if err != nil {
			return err
		}
		md, err = decodeText(v)
		return err
	})
	if err != nil {
		// a text that cannot be read is fetched again, like a paper
		db.log.Warn("store: unreadable full text", "id", id, "err", err)
		return "", FullTextInfo{}, paper.Wrap(paper.EDAMAGED, err, "the cached full text of %s is damaged; download it again", id)
	}
	if !info.Kept() {
		return "", info, paper.Errorf(paper.ENOTFOUND, "the full text of %s is not cached", id)
	}
	return md, info, nil
}

// FullTextInfo returns what the cache knows of id's full text, and whether
// it knows anything.
func (db *DB) FullTextInfo(id string) (info FullTextInfo, found bool, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
		var err error
		info, found, err = getTextInfo(txn, id)
		return err
	})
	if err != nil {
		return FullTextInfo{}, false, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	return info, found, nil
}

// FullTextInfos returns every full-text info by paper id.
func (db *DB) FullTextInfos() (out map[string]FullTextInfo, err error) {
	defer db.recovered(&err, panicOnFault())
	out = map[string]FullTextInfo{}
	err = db.bdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixTextInfo), func(k, v []byte) error {
			info, err := decode[FullTextInfo](v)
			if err != nil {
				return err
			}
			out[string(k[len(prefixTextInfo):])] = info
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	return out, nil
}

// FullTextFailed records that id's full text could not be fetched (code and
// message of the error) at at; a kept text stays.
func (db *DB) FullTextFailed(id, code, message string, at time.Time) (FullTextInfo, error) {
	return db.updateTextInfo(id, func(i *FullTextInfo) {
		i.ErrCode, i.ErrMessage, i.FailedAt = code, message, at.UTC()
		i.Failures++
	})
}

// FullTextOpened records that id's full text was read at at.
func (db *DB) FullTextOpened(id string, at time.Time) (FullTextInfo, error) {
	return db.updateTextInfo(id, func(i *FullTextInfo) { i.OpenedAt = at.UTC() })
}

func (db *DB) updateTextInfo(id string, change func(*FullTextInfo)) (info FullTextInfo, err error) {
	defer db.recovered(&err, panicOnFault())
	if err := validID(id); err != nil {
		return FullTextInfo{}, err
	}
	if err := db.writable(); err != nil {
		return FullTextInfo{}, err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	err = db.bdb.Update(func(txn *badger.Txn) error {
		var err error
		if info, _, err = getTextInfo(txn, id); err != nil {
			return err
		}
		change(&info)
		v, err := encode(info)
		if err != nil {
			return err
		}
		return txn.Set(textInfoKey(id), v)
	})
	if err != nil {
		return FullTextInfo{}, paper.Wrap(paper.EINTERNAL, err, "cannot write to the cache")
	}
	return info, nil
}

// EvictFullTexts drops the kept texts of ids, recording when: their infos
// stay, so that rules do not fetch them again.
func (db *DB) EvictFullTexts(ids []string, at time.Time) (err error) {
	defer db.recovered(&err, panicOnFault())
	if err := db.writable(); err != nil {
		return err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		err = db.bdb.Update(func(txn *badger.Txn) error {
			for _, id := range batch {
				info, found, err := getTextInfo(txn, id)
				if err != nil {
					return err
				}
				if err := txn.Delete(textKey(id)); err != nil {
					return err
				}
				if !found {
					continue
				}
				info.Size, info.Stored, info.Evicted = 0, 0, at.UTC()
				v, err := encode(info)
				if err != nil {
					return err
				}
				if err := txn.Set(textInfoKey(id), v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return paper.Wrap(paper.EINTERNAL, err, "cannot drop full texts from the cache")
		}
	}
	return nil
}

// ForEachFullText calls fn with every kept full text, in id order, stopping
// at fn's first error, which it returns. A text that cannot be read is
// skipped (and logged).
func (db *DB) ForEachFullText(fn func(id, md string) error) (err error) {
	defer db.recovered(&err, panicOnFault())
	var fnErr error
	err = db.bdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixText), func(k, v []byte) error {
			id := string(k[len(prefixText):])
			md, err := decodeText(v)
			if err != nil {
				db.log.Warn("store: unreadable full text", "id", id, "err", err)
				return nil
			}
			if fnErr = fn(id, md); fnErr != nil {
				return fnErr
			}
			return nil
		})
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot read the cached full texts")
	}
	return nil
}

func getTextInfo(txn *badger.Txn, id string) (FullTextInfo, bool, error) {
	v, err := getValue(txn, textInfoKey(id))
	if notFound(err) {
		return FullTextInfo{}, false, nil
	}
	if err != nil {
		return FullTextInfo{}, false, err
	}
	info, err := decode[FullTextInfo](v)
	return info, err == nil, err
}

// ReadingPosition returns where the reader was in id's full text, and
// whether that is known.
func (db *DB) ReadingPosition(id string) (p ReadingPosition, found bool, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.ubdb.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, readPosKey(id))
		if err != nil {
			return err
		}
		p, err = decode[ReadingPosition](v)
		return err
	})
	if notFound(err) {
		return ReadingPosition{}, false, nil
	}
	if err != nil {
		return ReadingPosition{}, false, paper.Wrap(paper.EINTERNAL, err, "cannot read the reading position in %s", id)
	}
	return p, true, nil
}

// SetReadingPosition records where the reader is in id's full text; the
// zero position forgets it.
func (db *DB) SetReadingPosition(id string, p ReadingPosition) (err error) {
	defer db.recovered(&err, panicOnFault())
	if err := validID(id); err != nil {
		return err
	}
	if err := db.writable(); err != nil {
		return err
	}
	err = db.ubdb.Update(func(txn *badger.Txn) error {
		if p == (ReadingPosition{}) {
			return txn.Delete(readPosKey(id))
		}
		v, err := encode(p)
		if err != nil {
			return err
		}
		return txn.Set(readPosKey(id), v)
	})
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot save the reading position in %s", id)
	}
	db.userChanged()
	return nil
}
