package site

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/spf13/afero"
)

func TestWriteFs(t *testing.T) {
	write := func(t *testing.T, fs afero.Fs, name, data string) {
		t.Helper()
		f, err := fs.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("WritesEveryFileInItsFolder", func(t *testing.T) {
		dir := t.TempDir()
		w := newWriteFs(afero.NewOsFs())
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 50 {
					write(t, w, filepath.Join(dir, "items", fmt.Sprintf("x%d-%d", g, i), "index.html"), fmt.Sprintf("page %d %d", g, i))
				}
			}()
		}
		wg.Wait()
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		for g := range 4 {
			for i := range 50 {
				got, err := os.ReadFile(filepath.Join(dir, "items", fmt.Sprintf("x%d-%d", g, i), "index.html"))
				if want := fmt.Sprintf("page %d %d", g, i); err != nil || string(got) != want {
					t.Fatalf("file %d/%d = %q, %v; want %q", g, i, got, err, want)
				}
			}
		}
	})

	t.Run("ReadsSeeWhatWasClosed", func(t *testing.T) {
		dir := t.TempDir()
		w := newWriteFs(afero.NewOsFs())
		defer w.Close()
		name := filepath.Join(dir, "a", "b.txt")
		write(t, w, name, "hello")
		fi, err := w.Stat(name)
		if err != nil || fi.Size() != 5 {
			t.Fatalf("Stat = %v, %v; want 5 bytes", fi, err)
		}
		got, err := afero.ReadFile(w, name)
		if err != nil || string(got) != "hello" {
			t.Errorf("read %q, %v", got, err)
		}
	})

	t.Run("ErrWriteOnClose", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
		w := newWriteFs(afero.NewOsFs())
		write(t, w, filepath.Join(dir, "file", "below.html"), "x") // a file is in the way
		if err := w.Close(); err == nil {
			t.Error("Close = nil, want the write error")
		}
	})

	t.Run("AfterCloseWritesDirectly", func(t *testing.T) {
		dir := t.TempDir()
		w := newWriteFs(afero.NewOsFs())
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		write(t, w, filepath.Join(dir, "late.txt"), "late")
		if got, err := os.ReadFile(filepath.Join(dir, "late.txt")); err != nil || string(got) != "late" {
			t.Errorf("late file = %q, %v", got, err)
		}
	})

	t.Run("ErrClosedTwice", func(t *testing.T) {
		w := newWriteFs(afero.NewOsFs())
		defer w.Close()
		f, _ := w.Create(filepath.Join(t.TempDir(), "x"))
		f.Close()
		if err := f.Close(); err != os.ErrClosed {
			t.Errorf("second Close = %v, want os.ErrClosed", err)
		}
		if _, err := f.Write([]byte("x")); err != os.ErrClosed {
			t.Errorf("Write after Close = %v, want os.ErrClosed", err)
		}
	})
}
