package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// Snapshot file layout (little endian): magic, version, then the docs, the
// dead set and the two inverted indexes, then (since version 4) the full
// texts — for each body number its paper id ("" when dropped) and Version,
// and their inverted index — then a CRC-32C of everything before it.
// Strings and byte runs are a uvarint length then the bytes. A version 3
// snapshot (no full texts) is read too.
const (
	snapMagic   = "PBSEARCH"
	snapVersion = 4 // 3: TeX read as text, Greek letters folded to their names; 4: full texts
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrSnapshot means a snapshot could not be used: rebuild the index instead.
var ErrSnapshot = errors.New("search: unusable index snapshot")

// WriteSnapshot writes the index so that ReadSnapshot can restore it without
// the papers. Reading states are not included.
func (ix *Index) WriteSnapshot(w io.Writer) error {
	ix.mu.Lock()
	s := ix.cur.Load()
	bodyIDs := make([]string, len(s.bodyDoc))
	versions := make([]int64, len(s.bodyDoc))
	for id, b := range ix.bodies {
		if int(b.n) < len(bodyIDs) {
			bodyIDs[b.n], versions[b.n] = id, b.version
		}
	}
	ix.mu.Unlock()
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	var tmp []byte
	u := func(v uint64) { tmp = binary.AppendUvarint(tmp[:0], v); bw.Write(tmp) }
	str := func(s string) { u(uint64(len(s))); bw.WriteString(s) }
	bw.WriteString(snapMagic)
	u(snapVersion)
	u(uint64(len(s.docs)))
	for i, d := range s.docs {
		str(d.id)
		str(d.text)
		tmp = binary.LittleEndian.AppendUint64(tmp[:0], d.hash)
		for _, m := range s.ini[i] {
			tmp = binary.LittleEndian.AppendUint64(tmp, m)
		}
		bw.Write(tmp)
		u(uint64(uint32(s.upv[i])))
		u(uint64(s.date[i]))
	}
	u(uint64(len(s.dead)))
	for _, w := range s.dead {
		tmp = binary.LittleEndian.AppendUint64(tmp[:0], w)
		bw.Write(tmp)
	}
	writeInv := func(iv *inverted) {
		u(uint64(len(iv.toks)))
		for i, t := range iv.toks {
			str(t)
			u(uint64(len(iv.post[i])))
			bw.Write(iv.post[i])
		}
	}
	writeInv(s.short)
	writeInv(s.abs)
	u(uint64(len(bodyIDs)))
	for i, id := range bodyIDs {
		str(id)
		u(uint64(versions[i]))
	}
	writeInv(s.body)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("search: write snapshot: %w", err)
	}
	if err := binary.Write(w, binary.LittleEndian, crc.Sum32()); err != nil {
		return fmt.Errorf("search: write snapshot: %w", err)
	}
	return nil
}

// ReadSnapshot replaces the index with one written by WriteSnapshot. A
// damaged, truncated or older snapshot gives an error wrapping ErrSnapshot
// and leaves the index as it was.
func (ix *Index) ReadSnapshot(r io.Reader) error {
	buf, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("search: read snapshot: %w", err)
	}
	s, bodies, err := decodeSnapshot(buf)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.applyStates(s)
	if bodies != nil {
		ix.bodies = bodies
	} else {
		s.body, s.bodyDoc = ix.cur.Load().body, ix.cur.Load().bodyDoc // an older snapshot: keep those in memory
	}
	ix.relinkBodies(s, s.body, s.bodyDoc)
	ix.cur.Store(s)
	return nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// bytes returns the next n bytes, aliasing the buffer: the snapshot's
// strings and postings all point into the one buffer read, which spares a
// hundred thousand allocations at launch.
func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errors.New("truncated")
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) str() string { return unsafeString(d.bytes(d.u())) }

// decodeSnapshot reads a snapshot, and its full texts by paper id (nil for a
// version 3 snapshot, which has none).
func decodeSnapshot(buf []byte) (*snapshot, map[string]bodyRef, error) {
	if len(buf) < len(snapMagic)+4 || string(buf[:len(snapMagic)]) != snapMagic {
		return nil, nil, errors.New("not a snapshot")
	}
	body, sum := buf[:len(buf)-4], binary.LittleEndian.Uint32(buf[len(buf)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, nil, errors.New("checksum mismatch")
	}
	d := &decoder{b: body[len(snapMagic):]}
	version := d.u()
	if version != snapVersion && version != 3 {
		return nil, nil, fmt.Errorf("version %d, want %d", version, snapVersion)
	}
	n := d.u()
	if n > uint64(len(d.b)) {
		return nil, nil, errors.New("bad doc count")
	}
	s := &snapshot{
		docs: make([]doc, n), ini: make([]initials, n), upv: make([]int32, n), date: make([]uint32, n),
	}
	for i := range s.docs {
		s.docs[i].id = d.str()
		s.docs[i].text = d.str()
		if h := d.bytes(8 * 5); h != nil {
			s.docs[i].hash = binary.LittleEndian.Uint64(h)
			for j := range s.ini[i] {
				s.ini[i][j] = binary.LittleEndian.Uint64(h[8+8*j:])
			}
		}
		s.upv[i] = int32(uint32(d.u()))
		s.date[i] = uint32(d.u())
	}
	nw := d.u()
	if nw > (n+63)/64 {
		return nil, nil, errors.New("bad dead set")
	}
	s.dead = make(bitset, nw)
	for i := range s.dead {
		if w := d.bytes(8); w != nil {
			s.dead[i] = binary.LittleEndian.Uint64(w)
		}
	}
	for i := range n {
		if !s.dead.has(uint32(i)) {
			s.live++
			s.ids = append(s.ids, idRef{s.docs[i].id, uint32(i)})
		}
	}
	for i := 1; i < len(s.ids); i++ {
		if s.ids[i-1].id >= s.ids[i].id {
			// Doc order is not id order: sort once.
			sortIDs(s.ids)
			break
		}
	}
	var err error
	if s.short, err = d.inverted(true, n); err != nil {
		return nil, nil, err
	}
	if s.abs, err = d.inverted(false, n); err != nil {
		return nil, nil, err
	}
	s.body = &inverted{}
	var bodies map[string]bodyRef
	if version >= 4 {
		nb := d.u()
		if nb > uint64(len(d.b)) {
			return nil, nil, errors.New("bad full-text count")
		}
		bodies = make(map[string]bodyRef, nb)
		s.bodyDoc = make([]int32, nb)
		for i := range nb {
			id, v := d.str(), int64(d.u())
			if id != "" {
				bodies[id] = bodyRef{uint32(i), v}
			}
		}
		if s.body, err = d.inverted(false, nb); err != nil {
			return nil, nil, err
		}
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	if len(d.b) != 0 {
		return nil, nil, errors.New("trailing bytes")
	}
	return s, bodies, nil
}

// inverted reads an inverted index over n docs.
func (d *decoder) inverted(masks bool, n uint64) (*inverted, error) {
	iv := &inverted{masks: masks}
	nt := d.u()
	if nt > uint64(len(d.b)) {
		return nil, errors.New("bad token count")
	}
	iv.toks = make([]string, nt)
	iv.post = make([][]byte, nt)
	iv.df = make([]uint32, nt)
	iv.last = make([]uint32, nt)
	for i := range iv.toks {
		iv.toks[i] = d.str()
		iv.post[i] = d.bytes(d.u())
		if d.err != nil {
			return nil, d.err
		}
		if i > 0 && iv.toks[i-1] >= iv.toks[i] {
			return nil, errors.New("tokens out of order")
		}
		var df, last uint32
		bad := false
		iv.each(i, func(doc uint32, _ uint8) {
			if uint64(doc) >= n || doc+1 <= last && df > 0 {
				bad = true
			}
			df, last = df+1, doc+1
		})
		if bad {
			return nil, errors.New("bad postings")
		}
		iv.df[i], iv.last[i] = df, last
	}
	return iv, nil
}

func crc32Sum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
