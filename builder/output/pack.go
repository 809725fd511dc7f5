package output

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Packed is a file's bytes compressed with zstd at its fastest level, as
// a [Mem] keeps whole files: the pages of a site take about a quarter of
// their size, so that the dev server holds a large site in a laptop's
// memory. The zero Packed is an empty file.
type Packed struct {
	z []byte // the zstd frame; nil for an empty file
	n int    // the size of the file
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
	p := Packed{z: bytes.Clone(z), n: len(data)} // of its own size: the scratch is bigger
	if cap(z) <= 1<<20 {
		*buf = z
		scratch.Put(buf)
	}
	return p
}

// scratch holds buffers that Pack compresses into.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// Len returns the size of the file.
func (p Packed) Len() int { return p.n }

// Packed returns the compressed bytes, which must not be changed.
func (p Packed) Packed() []byte { return p.z }

// Unpack returns the file's bytes, a new slice each time.
func (p Packed) Unpack() ([]byte, error) {
	if p.n == 0 {
		return []byte{}, nil
	}
	data, err := decoder().DecodeAll(p.z, make([]byte, 0, p.n))
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
