package gobfile

import (
	"os"
	"path/filepath"
	"testing"
)

type value struct {
	Name  string
	Items []int
}

func TestWriteRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.gob")
	t.Run("RoundTrip", func(t *testing.T) {
		if err := Write(path, value{Name: "a", Items: []int{1, 2}}); err != nil {
			t.Fatal(err)
		}
		var got value
		if err := Read(path, &got); err != nil {
			t.Fatal(err)
		}
		if got.Name != "a" || len(got.Items) != 2 || got.Items[1] != 2 {
			t.Fatalf("read %+v", got)
		}
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		if err := os.WriteFile(path, []byte("not a gob"), 0o644); err != nil {
			t.Fatal(err)
		}
		var got value
		if err := Read(path, &got); err == nil {
			t.Fatal("a corrupt file decoded")
		}
	})
	t.Run("FailedWriteRemovesTheOld", func(t *testing.T) {
		if err := Write(path, value{Name: "old"}); err != nil {
			t.Fatal(err)
		}
		if err := Write(path, func() {}); err == nil {
			t.Fatal("a func encoded")
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Fatalf("the old file stayed: %v", err)
		}
		left, _ := filepath.Glob(path + ".*")
		if len(left) > 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}

// TestSealed: a sealed value reads back only as written: whole, of its
// format and key.
func TestSealed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.gob")
	if err := WriteSealed(path, 2, "key", value{Name: "a", Items: []int{1, 2}}); err != nil {
		t.Fatal(err)
	}
	var got value
	if !ReadSealed(path, 2, "key", &got) || got.Name != "a" || len(got.Items) != 2 {
		t.Fatalf("read back %+v", got)
	}
	for _, tt := range []struct {
		name   string
		format int
		key    string
	}{{"OtherFormat", 3, "key"}, {"OtherKey", 2, "other"}} {
		if ReadSealed(path, tt.format, tt.key, &value{}) {
			t.Errorf("%s: read", tt.name)
		}
	}
	// Damaged in its data, the record still decodes: its sum tells.
	var rec sealed
	if err := Read(path, &rec); err != nil {
		t.Fatal(err)
	}
	rec.Data[len(rec.Data)-2] ^= 1
	if err := Write(path, &rec); err != nil {
		t.Fatal(err)
	}
	if ReadSealed(path, 2, "key", &value{}) {
		t.Error("a damaged record was read")
	}
}
