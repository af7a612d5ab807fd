package store

import (
	"encoding/binary"
	"time"
)

// Every key the store writes is built here, so the whole layout can be read
// in one place. The data directory holds two Badger databases (see the
// package doc): the cache in <dataDir>/db, rebuildable from Hugging Face,
// and the user's data in <dataDir>/user, never rebuilt.
//
// The cache, <dataDir>/db:
//
//	meta/schema               layout version, a JSON number (schemaVersion)
//	meta/day/<date>           paper.Day record of one Daily Papers date
//	paper/<id>                paper.Paper (with Raw), see papercodec.go
//	day/<date>/<id>           membership of a paper in a day; empty value
//	hist/<id>/<ts>            paper.Point; ts = unix nanos, 8 bytes big-endian
//	text/<id>                 a paper's full text: textFormat, then its Markdown
//	                          as a zstd frame (fulltext.go)
//	textinfo/<id>             FullTextInfo: size, fetched/opened times, last error
//
// The user's data, <dataDir>/user (before schema v4 these user/ keys were
// in the cache; the v3→v4 migration moved them):
//
//	meta/schema               its layout version, a JSON number (userSchemaVersion)
//	meta/cache                how many days the cache held when last seen, a
//	                          JSON number: an empty cache that held days was lost
//	user/state/<id>           paper.State
//	user/setting/<key>        any JSON value
//	user/topic/<id>           Topic, a watched search
//	user/match/<topic>/<id>   time a paper first matched a topic (RFC 3339 JSON)
//	user/look/<date>          Look, when the user last looked at a day
//	user/readpos/<id>         ReadingPosition in a paper's full text
//
// Everything under user/ is copied into the JSON backups (backup.go), so a
// new kind of user data only needs its prefix under user/.
const (
	prefixMeta     = "meta/"
	keySchema      = "meta/schema"
	keyCacheMarker = "meta/cache"
	prefixDayMeta  = "meta/day/"
	prefixPaper    = "paper/"
	prefixDay      = "day/"
	prefixHist     = "hist/"
	prefixText     = "text/"
	prefixTextInfo = "textinfo/"
	prefixUser     = "user/"
	prefixState    = "user/state/"
	prefixSetting  = "user/setting/"
	prefixTopic    = "user/topic/"
	prefixMatch    = "user/match/"
	prefixLook     = "user/look/"
	prefixReadPos  = "user/readpos/"
)

// cachePrefixes are dropped by ClearCache. meta/schema is not among them.
var cachePrefixes = []string{prefixPaper, prefixDay, prefixDayMeta, prefixHist, prefixText, prefixTextInfo}

// dateLen is the length of a YYYY-MM-DD date, which lets day keys be split
// without a separator search (old-style arXiv ids contain '/').
const dateLen = len("2006-01-02")

func paperKey(id string) []byte          { return []byte(prefixPaper + id) }
func dayMetaKey(date string) []byte      { return []byte(prefixDayMeta + date) }
func dayPrefix(date string) []byte       { return []byte(prefixDay + date + "/") }
func dayKey(date, id string) []byte      { return []byte(prefixDay + date + "/" + id) }
func histPrefix(id string) []byte        { return []byte(prefixHist + id + "/") }
func stateKey(id string) []byte          { return []byte(prefixState + id) }
func settingKey(key string) []byte       { return []byte(prefixSetting + key) }
func topicKey(id string) []byte          { return []byte(prefixTopic + id) }
func matchPrefix(topic string) []byte    { return []byte(prefixMatch + topic + "/") }
func matchKey(topic, id string) []byte   { return []byte(prefixMatch + topic + "/" + id) }
func lookKey(date string) []byte         { return []byte(prefixLook + date) }
func textKey(id string) []byte           { return []byte(prefixText + id) }
func textInfoKey(id string) []byte       { return []byte(prefixTextInfo + id) }
func readPosKey(id string) []byte        { return []byte(prefixReadPos + id) }
func idFromStateKey(k []byte) string     { return string(k[len(prefixState):]) }
func dateFromDayMetaKey(k []byte) string { return string(k[len(prefixDayMeta):]) }

// idFromDayKey returns the id of a day/<date>/<id> key.
func idFromDayKey(k []byte) string { return string(k[len(prefixDay)+dateLen+1:]) }

// histKey orders a paper's points by time: big-endian nanos sort as bytes.
func histKey(id string, at time.Time) []byte {
	k := histPrefix(id)
	return binary.BigEndian.AppendUint64(k, uint64(at.UnixNano()))
}

// timeFromHistKey reads the timestamp at the end of a hist/<id>/<ts> key.
func timeFromHistKey(k []byte) time.Time {
	if len(k) < 8 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[len(k)-8:]))).UTC()
}
