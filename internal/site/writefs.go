package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/afero"
)

// writeFs is Hugo's destination filesystem. Files Hugo creates are kept in
// memory until closed and then written by one goroutine, in the order
// closed. Hugo renders pages on every core, and concurrent file and folder
// creation in one directory contends for the directory's lock in the
// kernel: on ext4 two writers spent twice the CPU time of one for the same
// files. One writer also overlaps the disk with rendering.
//
// Everything other than creating a file waits until the queue is written
// and then goes to the filesystem below, so Hugo never reads a stale file.
type writeFs struct {
	afero.Fs // the filesystem below

	queue chan queued
	wg    sync.WaitGroup

	mu     sync.Mutex
	err    error           // the first write error
	dirs   map[string]bool // folders known to exist
	closed bool            // after Close, everything goes straight below
}

// queued is a closed file to write, or a barrier to signal when reached.
type queued struct {
	name    string
	data    []byte
	mode    fs.FileMode
	reached chan struct{}
}

func newWriteFs(below afero.Fs) *writeFs {
	w := &writeFs{Fs: below, queue: make(chan queued, 64), dirs: map[string]bool{}}
	w.wg.Add(1)
	go w.run()
	return w
}

func (w *writeFs) run() {
	defer w.wg.Done()
	for q := range w.queue {
		if q.reached != nil {
			close(q.reached)
			continue
		}
		if err := w.write(q); err != nil {
			w.mu.Lock()
			if w.err == nil {
				w.err = err
			}
			w.mu.Unlock()
		}
	}
}

func (w *writeFs) write(q queued) error {
	dir := filepath.Dir(q.name)
	w.mu.Lock()
	known := w.dirs[dir]
	w.mu.Unlock()
	if !known {
		if err := w.Fs.MkdirAll(dir, 0o777); err != nil {
			return err
		}
		w.mu.Lock()
		w.dirs[dir] = true
		w.mu.Unlock()
	}
	return afero.WriteFile(w.Fs, q.name, q.data, q.mode)
}

// flush waits until every file closed so far is written, and returns the
// first write error.
func (w *writeFs) flush() error {
	w.mu.Lock()
	closed, err := w.closed, w.err
	w.mu.Unlock()
	if closed {
		return err
	}
	reached := make(chan struct{})
	w.queue <- queued{reached: reached}
	<-reached
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close writes what is queued and stops the writer.
func (w *writeFs) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return w.err
	}
	w.closed = true
	w.mu.Unlock()
	close(w.queue)
	w.wg.Wait()
	return w.err
}

// Create returns a file in memory that is written when closed.
func (w *writeFs) Create(name string) (afero.File, error) {
	return w.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o666)
}

// OpenFile creates like Create when asked to create and truncate, and
// otherwise opens the file below once the queue is written.
func (w *writeFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if !closed && flag&(os.O_CREATE|os.O_TRUNC|os.O_WRONLY) == os.O_CREATE|os.O_TRUNC|os.O_WRONLY && flag&os.O_APPEND == 0 {
		return &queuedFile{fs: w, name: name, mode: perm}, nil
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	return w.Fs.OpenFile(name, flag, perm)
}

// The rest reads or changes the filesystem below: first write the queue.

func (w *writeFs) Open(name string) (afero.File, error) {
	if err := w.flush(); err != nil {
		return nil, err
	}
	return w.Fs.Open(name)
}

func (w *writeFs) Stat(name string) (os.FileInfo, error) {
	if err := w.flush(); err != nil {
		return nil, err
	}
	return w.Fs.Stat(name)
}

func (w *writeFs) Remove(name string) error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.Fs.Remove(name)
}

func (w *writeFs) RemoveAll(path string) error {
	if err := w.flush(); err != nil {
		return err
	}
	w.mu.Lock()
	clear(w.dirs)
	w.mu.Unlock()
	return w.Fs.RemoveAll(path)
}

func (w *writeFs) Rename(oldname, newname string) error {
	if err := w.flush(); err != nil {
		return err
	}
	w.mu.Lock()
	clear(w.dirs)
	w.mu.Unlock()
	return w.Fs.Rename(oldname, newname)
}

func (w *writeFs) Mkdir(name string, perm os.FileMode) error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.Fs.Mkdir(name, perm)
}

func (w *writeFs) MkdirAll(path string, perm os.FileMode) error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.Fs.MkdirAll(path, perm)
}

func (w *writeFs) Chmod(name string, mode os.FileMode) error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.Fs.Chmod(name, mode)
}

func (w *writeFs) Chown(name string, uid, gid int) error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.Fs.Chown(name, uid, gid)
}

func (w *writeFs) Chtimes(name string, atime, mtime time.Time) error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.Fs.Chtimes(name, atime, mtime)
}

func (w *writeFs) Name() string { return "ratsarchiv-writeFs" }

// queuedFile is a file being written: bytes in memory until Close.
type queuedFile struct {
	fs     *writeFs
	name   string
	mode   fs.FileMode
	buf    bytes.Buffer
	closed bool
}

var errWriteOnly = errors.New("site: file is being written")

func (f *queuedFile) Write(p []byte) (int, error) {
	if f.closed {
		return 0, os.ErrClosed
	}
	return f.buf.Write(p)
}

func (f *queuedFile) WriteString(s string) (int, error) {
	if f.closed {
		return 0, os.ErrClosed
	}
	return f.buf.WriteString(s)
}

func (f *queuedFile) WriteAt(p []byte, off int64) (int, error) {
	return 0, &fs.PathError{Op: "writeat", Path: f.name, Err: errWriteOnly}
}

// Close hands the bytes to the writer.
func (f *queuedFile) Close() error {
	if f.closed {
		return os.ErrClosed
	}
	f.closed = true
	f.fs.queue <- queued{name: f.name, data: f.buf.Bytes(), mode: f.mode}
	return nil
}

func (f *queuedFile) Name() string { return f.name }
func (f *queuedFile) Sync() error  { return nil }

func (f *queuedFile) Read(p []byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: f.name, Err: errWriteOnly}
}

func (f *queuedFile) ReadAt(p []byte, off int64) (int, error) {
	return 0, &fs.PathError{Op: "readat", Path: f.name, Err: errWriteOnly}
}

func (f *queuedFile) Seek(offset int64, whence int) (int64, error) {
	return 0, &fs.PathError{Op: "seek", Path: f.name, Err: errWriteOnly}
}

func (f *queuedFile) Readdir(int) ([]os.FileInfo, error) {
	return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: errWriteOnly}
}

func (f *queuedFile) Readdirnames(int) ([]string, error) {
	return nil, &fs.PathError{Op: "readdirnames", Path: f.name, Err: errWriteOnly}
}

func (f *queuedFile) Stat() (os.FileInfo, error) {
	return nil, &fs.PathError{Op: "stat", Path: f.name, Err: errWriteOnly}
}

func (f *queuedFile) Truncate(size int64) error {
	if size < 0 || size > int64(f.buf.Len()) {
		return &fs.PathError{Op: "truncate", Path: f.name, Err: fs.ErrInvalid}
	}
	f.buf.Truncate(int(size))
	return nil
}
