// Package output is where a build's files go: the [Output] interface a
// build writes through, and its two implementations, [Mem], which keeps a
// site in memory for the dev server and tests, and [Dir], which writes one
// to disk and puts it in place of the previous one in one step.
//
// # The contract of an Output
//
// Names are slash-separated paths relative to the site root
// ("web/seo/index.html"). WriteFile is called from several goroutines at
// once, for different names. It must not keep data, or write to it, after
// it returns: the caller may use the same bytes again for the next file
// (the builder renders pages into buffers it reuses), so an Output that
// holds on to what it is given, as Mem does, copies it. An Output that
// also takes a file as the pieces it is made of implements [ChunkWriter],
// under the same rule. One that can keep bytes the caller gives up, and
// need not copy them, implements [Keeper].
//
// An Output does not say which files belong together: when a build fails
// part-way, what it wrote is the caller's to throw away. [Dir] makes that
// safe on disk: its files stay beside the destination until [Dir.Commit],
// and [Dir.Abort] removes them. A [Mem] is simply dropped.
//
// # Writing to disk
//
// [OpenDir] creates a folder beside the destination
// (".public.playbook-new-…" for public) and [Dir.Commit] puts it in place
// of the destination in one step: on Linux with renameat2
// RENAME_EXCHANGE, elsewhere by renaming the old site aside first. A build
// that fails, or is killed, never leaves a half-written site, and
// [CleanStale] removes the folders that killed builds left behind.
//
// The site a Commit replaces is kept beside the destination as its spare
// (".public.playbook-spare"), which the next build writes into, leaving
// unchanged files as they are (see [Dir]). No file is written through a
// symbolic link, or into a file that has another name (a hard link of a
// backup made with cp -al or rsync --link-dest): such a file is replaced,
// so the backup keeps what it held.
//
// Builds into one destination take turns: each holds an advisory lock
// beside it (".public.playbook-lock") from OpenDir to Commit or Abort.
// [CheckDest] refuses destinations a build would damage.
package output

// Output receives the files of a build, under the contract in the package
// documentation: it may be called from several goroutines at once, and it
// keeps nothing of data once WriteFile returns.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Keeper is implemented by an Output that can hold on to bytes the caller
// gives up, rather than copy them. KeepFile stores data under name as
// WriteFile does, and KeepChunks the file made of chunks as WriteChunks
// does, but they may keep data and chunks as they are: the caller must
// never write to them again. The builder hands over this way every file
// but a page rendered into a buffer it uses again, so that the dev
// server's Mem shares the pages and data files the builder's Cache keeps,
// rather than copy the whole site at every rebuild. (A type that embeds a
// Mem is a Keeper too: its own WriteFile is then not called for the files
// handed over.)
type Keeper interface {
	KeepFile(name string, data []byte) error
	KeepChunks(name string, chunks [][]byte) error
}

// ChunkWriter is implemented by an Output that takes a large file as the
// pieces it is made of (playbook.json is every brief's JSON), so that the
// caller need not join them into one more copy. WriteChunks stores the
// file that is chunks joined, under the same rules as WriteFile: it keeps
// neither chunks nor any of their bytes once it returns. A caller with
// chunks for an Output that is no ChunkWriter joins them and calls
// WriteFile.
type ChunkWriter interface {
	WriteChunks(name string, chunks [][]byte) error
}
