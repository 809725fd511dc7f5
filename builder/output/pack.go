package output

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Packed is a file as a [Mem] keeps it: compressed with zstd at its
// fastest level (see [Pack]), which takes a page of a site to about a
// quarter of its size, so that the dev server holds a large site in a
// laptop's memory; or, for bytes shared with the caller, as they are (see
// [Stored]). The zero Packed is an empty file.
type Packed struct {
	b    []byte // the zstd frame, or the file itself
	n    int    // the size of the file
	zstd bool
}

// The zstd encoder and decoder are made once and shared: both are safe
// for concurrent use through EncodeAll and DecodeAll, and hold no state
// between calls that a caller could see.
var (
	encoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithLowerEncoderMem(true))
		if err != nil {
			panic(err) // only for options that are bad, which these are not
		}
		return e
	})
	decoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true))
		if err != nil {
			panic(err)
		}
		return d
	})
)

// Pack compresses data. The Packed holds nothing of data.
func Pack(data []byte) Packed {
	if len(data) == 0 {
		return Packed{}
	}
	buf := scratch.Get().(*[]byte)
	z := encoder().EncodeAll(data, (*buf)[:0])
	p := Packed{b: bytes.Clone(z), n: len(data), zstd: true} // of its own size: the scratch is bigger
	if cap(z) <= 1<<20 {
		*buf = z
		scratch.Put(buf)
	}
	return p
}

// scratch holds buffers that Pack compresses into.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// Stored returns a Packed that holds data as it is, not compressed: for
// bytes the caller keeps too and never changes (a file the builder's Cache
// holds), which compressing would not make fewer.
func Stored(data []byte) Packed { return Packed{b: data, n: len(data)} }

// Len returns the size of the file.
func (p Packed) Len() int { return p.n }

// Packed returns the bytes held: the zstd frame, or the file if it is
// stored as it is. They must not be changed.
func (p Packed) Packed() []byte { return p.b }

// Unpack returns the file's bytes: a new slice when it is compressed, the
// bytes held when it is stored, which must not be changed.
func (p Packed) Unpack() ([]byte, error) {
	if !p.zstd {
		if p.b == nil {
			return []byte{}, nil
		}
		return p.b, nil
	}
	data, err := decoder().DecodeAll(p.b, make([]byte, 0, p.n))
	if err != nil {
		return nil, fmt.Errorf("output: unpacking a file: %w", err)
	}
	if len(data) != p.n {
		return nil, fmt.Errorf("output: unpacking a file: got %d bytes, want %d", len(data), p.n)
	}
	return data, nil
}

// Packer is implemented by an Output that keeps files packed, as [Mem]
// does. KeepPacked stores the file p is under name, and may keep p as it
// is. The builder's Cache keeps the pages it hands over this way, so that
// the dev server and the Cache share one packed copy of each page.
type Packer interface {
	KeepPacked(name string, p Packed) error
}
